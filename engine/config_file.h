/*
 * config_file.h - the configuration file (docs/profiles.md, "Configuration"):
 * the first of $ADMIT_CONFIG, $XDG_CONFIG_HOME/admit/config.json (default
 * ~/.config) and /etc/admit/config.json that exists, a JSON object whose keys
 * are long option names: profiles (array), trust, require_signed, registry,
 * holidays, lang, profile.  The command line overrides it.
 */
#ifndef ADMIT_CONFIG_FILE_H
#define ADMIT_CONFIG_FILE_H

struct cli_options;

/*
 * Fill the options the command line left unset from the configuration file
 * (read once per process).  `lang_given`: --lang was on the command line (or
 * ADMIT_LANG is set).  Returns 0, or -1 after printing a usage error naming
 * the file and the key (an unknown key, a wrong type, not JSON).
 */
int config_apply(struct cli_options *opt, int lang_given);

/* The configuration file read, or NULL when there is none. */
const char *config_path(void);

#endif
