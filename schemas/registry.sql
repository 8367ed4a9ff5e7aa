CREATE TABLE memberships (
  member_id      TEXT NOT NULL,      -- party card number of this period
  national_id    TEXT,               -- 12-digit citizen identity number
  full_name      TEXT NOT NULL,
  admitted_on    TEXT NOT NULL,      -- date of the admission decision, YYYY-MM-DD
  official_since TEXT,               -- date probation ended, NULL while probationary
  left_on        TEXT,               -- NULL while a member
  left_reason    TEXT,               -- same values as previous_membership.reason
  PRIMARY KEY (member_id, admitted_on)
);
CREATE INDEX memberships_national_id ON memberships(national_id);
