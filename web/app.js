/* admit web page: the dossier as a form generated from the dossier schema the
 * server serves, checked through the server's HTTP API.
 *
 * Contract: the dossier being edited lives in `state.dossier` (the JSON a
 * file holds, dates as YYYY-MM-DD); every input writes into it on change, so
 * saving is JSON.stringify of it, pruned of empty values. Keys the form does
 * not show (x_ extensions) are kept as they were loaded. Labels, help texts
 * and the names of choices come from the schema only (description,
 * x-description-en, title, x-title-en, x-labels, x-steps); the strings below
 * are the page's own buttons and headings. Nothing is fetched except from
 * the admit server that serves this page. */
'use strict';

const SCHEMA_URL = 'schemas/dossier.schema.json';

const UI = {
  vi: {
    title: 'Kiểm tra hồ sơ', subtitle: 'Hồ sơ kết nạp và công nhận đảng viên chính thức',
    skip: 'Đến kết quả kiểm tra', new_admission: 'Hồ sơ kết nạp mới',
    new_recognition: 'Hồ sơ công nhận mới', load: 'Mở tệp hồ sơ…', save: 'Lưu tệp hồ sơ',
    check: 'Kiểm tra', timeline: 'Lịch các mốc', print: 'Bản in (A4)', form: 'Hồ sơ',
    loading: 'Đang tải…', report: 'Kết quả kiểm tra', report_empty: 'Điền hồ sơ rồi bấm “Kiểm tra”.',
    general: 'Thông tin chung', sections: 'Các phần của hồ sơ',
    add: 'Thêm', remove: 'Xóa', item: 'Mục', unknown: '— chưa rõ —', yes: 'có', no: 'không',
    date_ph: 'dd/mm/yyyy', date_bad: 'Ngày phải viết dạng dd/mm/yyyy và là ngày có thật',
    int_bad: 'Phải là số nguyên không âm', num_bad: 'Phải là một số', required: 'bắt buộc',
    checking: 'Đang kiểm tra…', checked: 'Đã kiểm tra', server_error: 'Không gọi được máy chủ admit',
    token_label: 'Mã truy cập máy chủ', token_use: 'Dùng mã này',
    token_needed: 'Máy chủ yêu cầu mã truy cập: nhập mã rồi bấm lại',
    token_saved: 'Đã nhận mã truy cập (chỉ giữ trong thẻ này)',
    input_error: 'Hồ sơ có lỗi nhập liệu', fix_first: 'Sửa các ô báo lỗi trước khi gửi',
    loaded: 'Đã mở tệp', saved: 'Đã lưu tệp', bad_file: 'Tệp không phải JSON hợp lệ',
    new_done: 'Đã tạo hồ sơ mới',
    as_of: 'Ngày đánh giá', next_step: 'Bước tiếp theo',
    g_error: 'Lỗi khi kiểm tra', g_fail: 'Không đạt', g_missing: 'Thiếu hồ sơ',
    g_needs_approval: 'Cần văn bản đồng ý của cấp trên', g_warn: 'Lưu ý',
    g_pending: 'Các bước tiếp theo', g_pass: 'Các tiêu chí đạt', g_not_applicable: 'Không áp dụng',
    cite: 'Căn cứ', earliest: 'Đạt từ ngày', pending_earliest: 'Sớm nhất từ ngày',
    latest: 'Hạn chót', go_field: 'Đến ô', where: 'Thiếu ở',
    counts: '{pass} đạt, {fail} không đạt, {missing} thiếu, {needs_approval} cần đồng ý, {pending} chờ bước sau, {warn} lưu ý, {not_applicable} không áp dụng, {error} lỗi',
    process: 'thủ tục', tl_title: 'Lịch các mốc của hồ sơ', tl_date: 'Ngày', tl_event: 'Mốc',
    tl_detail: 'Chi tiết', planned: 'dự kiến', papers: 'Giấy tờ còn giá trị đến hết ngày',
    print_opened: 'Đã mở bản in trong thẻ mới: dùng lệnh In của trình duyệt (khổ A4)',
    popup_blocked: 'Trình duyệt chặn cửa sổ mới; cho phép cửa sổ bật lên rồi thử lại',
    v_error: 'LỖI KHI KIỂM TRA', v_not_eligible: 'KHÔNG ĐỦ ĐIỀU KIỆN', v_incomplete: 'CHƯA ĐỦ HỒ SƠ',
    v_eligible: 'ĐỦ ĐIỀU KIỆN',
    ready: {
      'admission.branch_vote': 'SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét kết nạp',
      'admission.grassroots_vote': 'SẴN SÀNG: đủ điều kiện và hồ sơ để đảng ủy cơ sở xét kết nạp',
      'admission.decision': 'SẴN SÀNG: đủ điều kiện và hồ sơ để cấp ủy có thẩm quyền quyết định kết nạp',
      'admission.ceremony': 'SẴN SÀNG: đủ điều kiện và hồ sơ để tổ chức lễ kết nạp',
      'recognition.branch_vote': 'SẴN SÀNG: đủ điều kiện và hồ sơ để chi bộ xét công nhận đảng viên chính thức',
      'recognition.grassroots_vote': 'SẴN SÀNG: đủ điều kiện và hồ sơ để đảng ủy cơ sở xét công nhận đảng viên chính thức',
      'recognition.decision': 'SẴN SÀNG: đủ điều kiện và hồ sơ để cấp ủy có thẩm quyền quyết định công nhận đảng viên chính thức',
      '': 'SẴN SÀNG',
    },
  },
  en: {
    title: 'Dossier check', subtitle: 'Party admission and recognition dossiers',
    skip: 'Skip to the check result', new_admission: 'New admission dossier',
    new_recognition: 'New recognition dossier', load: 'Open a dossier file…', save: 'Save the dossier file',
    check: 'Check', timeline: 'Timeline', print: 'Print view (A4)', form: 'Dossier',
    loading: 'Loading…', report: 'Check result', report_empty: 'Fill in the dossier, then press “Check”.',
    general: 'General', sections: 'Sections of the dossier',
    add: 'Add', remove: 'Remove', item: 'Item', unknown: '— not known —', yes: 'yes', no: 'no',
    date_ph: 'dd/mm/yyyy', date_bad: 'A date is written dd/mm/yyyy and must be a real day',
    int_bad: 'Must be a whole number ≥ 0', num_bad: 'Must be a number', required: 'required',
    checking: 'Checking…', checked: 'Checked', server_error: 'Could not reach the admit server',
    token_label: 'Server access token', token_use: 'Use this token',
    token_needed: 'The server asks for an access token: enter it, then press again',
    token_saved: 'Access token taken (kept in this tab only)',
    input_error: 'The dossier has an input error', fix_first: 'Fix the fields marked in error first',
    loaded: 'File opened', saved: 'File saved', bad_file: 'The file is not valid JSON',
    new_done: 'New dossier started',
    as_of: 'Evaluation date', next_step: 'Next step',
    g_error: 'Errors while checking', g_fail: 'Not met', g_missing: 'Missing evidence',
    g_needs_approval: 'Needs a higher committee\'s consent', g_warn: 'Warnings',
    g_pending: 'Coming steps', g_pass: 'Criteria met', g_not_applicable: 'Not applicable',
    cite: 'Basis', earliest: 'Met from', pending_earliest: 'Not before',
    latest: 'Due by', go_field: 'Go to field', where: 'Missing at',
    counts: '{pass} met, {fail} not met, {missing} missing, {needs_approval} need consent, {pending} pending, {warn} warnings, {not_applicable} not applicable, {error} errors',
    process: 'process', tl_title: 'Timeline of the dossier', tl_date: 'Date', tl_event: 'Event',
    tl_detail: 'Detail', planned: 'planned', papers: 'The papers stay valid until',
    print_opened: 'The print view opened in a new tab: use the browser\'s Print command (A4)',
    popup_blocked: 'The browser blocked the new window; allow pop-ups and try again',
    v_error: 'ERROR', v_not_eligible: 'NOT ELIGIBLE', v_incomplete: 'INCOMPLETE', v_eligible: 'ELIGIBLE',
    ready: {
      'admission.branch_vote': 'READY for the branch vote',
      'admission.grassroots_vote': 'READY for the grassroots committee\'s vote',
      'admission.decision': 'READY for the admission decision',
      'admission.ceremony': 'READY for the admission ceremony',
      'recognition.branch_vote': 'READY for the branch vote on recognition as an official member',
      'recognition.grassroots_vote': 'READY for the grassroots committee\'s vote on recognition',
      'recognition.decision': 'READY for the decision on recognition as an official member',
      '': 'READY',
    },
  },
};

const state = { lang: 'vi', schema: null, dossier: null, result: null, timeline: null, seq: 0 };

function t(key) { return UI[state.lang][key]; }

/* ---------- schema helpers ---------- */

/* resolve(node): the node with its $ref followed; the node's own
 * description and x-description-en win over the definition's. */
function resolve(node) {
  if (node && node.anyOf) {
    /* anyOf [null, X]: X, nullable, with the node's own annotations. */
    const alt = node.anyOf.find(a => !(a.type === 'null'));
    const out = Object.assign({}, resolve(alt || {}));
    for (const k of Object.keys(node)) if (k !== 'anyOf') out[k] = node[k];
    return out;
  }
  if (!node || !node.$ref) return node || {};
  const name = node.$ref.replace('#/definitions/', '');
  const def = resolve(state.schema.definitions[name]);
  const out = Object.assign({}, def);
  for (const k of Object.keys(node)) if (k !== '$ref') out[k] = node[k];
  return out;
}
function types(node) { return [].concat(node.type || []); }
function isDate(node) { return node.format === 'date'; }
function describe(node) {
  return (state.lang === 'en' ? node['x-description-en'] : node.description) || '';
}
function titleOf(node, key) {
  return (state.lang === 'en' ? node['x-title-en'] : node.title) || describe(node) || key;
}
/* A short label from a description: up to its first ':' ';' or ' (', the
 * full description then shown as help when longer. */
function shortLabel(text) {
  const m = text.match(/^(.{3,}?)(?::\s|;\s| \()/);
  const s = m ? m[1] : text;
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function enumLabel(node, v) {
  const l = node['x-labels'] && node['x-labels'][v];
  return l ? l[state.lang] || l.vi : String(v);
}

/* The sections in the order of the paper file: the organisation and the
 * candidate, then the sections of each step of the procedure (x-steps). */
function sectionOrder(proc) {
  const order = ['organisation', 'candidate'];
  for (const step of state.schema['x-steps'][proc] || []) {
    for (const s of step.sections) {
      const top = s.split('.')[0];
      if (top !== 'as_of' && !order.includes(top)) order.push(top);
    }
  }
  /* A section of the other procedure that the file holds is shown too,
   * after these, so that nothing loaded is hidden. */
  for (const k of Object.keys(state.schema.properties)) {
    const v = state.dossier[k];
    if (order.includes(k) || !state.schema.properties[k].title || v == null) continue;
    if (typeof v === 'object' && !Object.keys(v).length) continue;
    order.push(k);
  }
  return order;
}

/* ---------- paths into the dossier ---------- */

function pathStr(parts) {
  let s = '';
  for (const p of parts) s += typeof p === 'number' ? '[' + p + ']' : (s ? '.' : '') + p;
  return s;
}
function getAt(parts) {
  let o = state.dossier;
  for (const p of parts) { if (o == null) return undefined; o = o[p]; }
  return o;
}
function setAt(parts, v) {
  let o = state.dossier;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (o[p] == null || typeof o[p] !== 'object') o[p] = typeof parts[i + 1] === 'number' ? [] : {};
    o = o[p];
  }
  const last = parts[parts.length - 1];
  if (v === undefined) { if (Array.isArray(o)) o[last] = null; else delete o[last]; }
  else o[last] = v;
}
function domId(path) { return 'f-' + path.replace(/[^A-Za-z0-9_]/g, '-'); }

/* prune(v, node): the value to save: empty strings, nulls and empty objects
 * dropped (absent means "not in the dossier yet"), required keys kept. */
function prune(v, node) {
  node = resolve(node);
  if (Array.isArray(v)) {
    /* An empty list is kept: [] says "none" (no children), absent "not known". */
    return v.map(x => prune(x, node.items)).filter(x => x !== undefined);
  }
  if (v && typeof v === 'object') {
    const out = {};
    const req = node.required || [];
    for (const k of Object.keys(v)) {
      const sub = (node.properties && node.properties[k]) || {};
      const p = k.startsWith('x_') ? v[k] : prune(v[k], sub);
      if (p !== undefined) out[k] = p;
      else if (req.includes(k)) out[k] = typeof v[k] === 'object' && v[k] ? {} : '';
    }
    return Object.keys(out).length || req.length ? out : undefined;
  }
  if (v === '' || v === null || v === undefined) return undefined;
  return v;
}
function dossierToSave() {
  const out = prune(state.dossier, state.schema) || {};
  for (const k of state.schema.required) if (!(k in out)) out[k] = k === 'organisation' || k === 'candidate' ? {} : '';
  if (!out.candidate.full_name) out.candidate.full_name = '';
  if (!out.candidate.birth_date) out.candidate.birth_date = '';
  /* The keys in the schema's order: the file reads like the paper dossier. */
  const ordered = {};
  for (const k of Object.keys(state.schema.properties)) if (k in out) ordered[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in ordered)) ordered[k] = out[k];
  return ordered;
}

/* ---------- dates ---------- */

function isoToDmy(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  return m ? m[3] + '/' + m[2] + '/' + m[1] : (s || '');
}
/* dmyToIso: "d/m/yyyy" (also with '-' or '.') to YYYY-MM-DD, or null when
 * it is not a real day. */
function dmyToIso(s) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(s);
  if (!m) return null;
  const d = +m[1], mo = +m[2], y = +m[3];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return String(y).padStart(4, '0') + '-' + String(mo).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

/* ---------- DOM helpers ---------- */

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids.flat()) if (k != null) e.append(k);
  return e;
}
function announce(msg, kind) {
  const s = document.getElementById('status');
  s.textContent = msg;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

/* ---------- the form ---------- */

/* A field's error, next to it and tied to it by aria-describedby. */
function setFieldError(input, msg) {
  const id = input.id + '-err';
  let box = document.getElementById(id);
  const wrap = input.closest('.field, .array') || input.parentNode;
  if (!msg) {
    if (box) box.remove();
    wrap.classList.remove('has-error');
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') || '')
      .split(' ').filter(x => x && x !== id).join(' '));
    return;
  }
  if (!box) {
    box = el('p', { id, class: 'field-error', role: 'alert' });
    wrap.append(box);
  }
  box.textContent = msg;
  wrap.classList.add('has-error');
  input.setAttribute('aria-invalid', 'true');
  const d = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!d.includes(id)) d.push(id);
  input.setAttribute('aria-describedby', d.join(' '));
}
function clearAllErrors() {
  for (const e of document.querySelectorAll('#form-body [aria-invalid="true"]')) setFieldError(e, null);
  for (const e of document.querySelectorAll('.field-error')) e.remove();
  for (const e of document.querySelectorAll('.has-error')) e.classList.remove('has-error');
}

/* scalarInput(node, parts, key): the input of one scalar value. */
function scalarInput(node, parts, id, describedBy) {
  const value = getAt(parts);
  const ty = types(node);
  const common = { id, 'data-path': pathStr(parts), 'aria-describedby': describedBy };
  if (node.enum) {
    const s = el('select', common, el('option', { value: '', text: t('unknown') }));
    for (const v of node.enum) if (v !== null) s.append(el('option', { value: v, text: enumLabel(node, v) }));
    s.value = value == null ? '' : value;
    s.addEventListener('change', () => { setAt(parts, s.value === '' ? null : s.value); setFieldError(s, null); });
    return s;
  }
  if (ty.includes('boolean')) {
    const s = el('select', common, el('option', { value: '', text: t('unknown') }),
      el('option', { value: 'true', text: t('yes') }), el('option', { value: 'false', text: t('no') }));
    s.value = value == null ? '' : String(value);
    s.addEventListener('change', () => { setAt(parts, s.value === '' ? null : s.value === 'true'); setFieldError(s, null); });
    return s;
  }
  if (isDate(node)) {
    const i = el('input', Object.assign({ type: 'text', inputmode: 'numeric', autocomplete: 'off',
      placeholder: t('date_ph'), size: 10, maxlength: 10 }, common));
    i.value = isoToDmy(value);
    const commit = () => {
      const raw = i.value.trim();
      if (!raw) { setAt(parts, null); setFieldError(i, null); return true; }
      const iso = dmyToIso(raw);
      if (!iso) { setFieldError(i, t('date_bad')); i.dataset.bad = '1'; return false; }
      delete i.dataset.bad;
      setAt(parts, iso); setFieldError(i, null); i.value = isoToDmy(iso);
      return true;
    };
    i.addEventListener('change', commit);
    i.commit = commit;
    return i;
  }
  if (ty.includes('integer') || ty.includes('number')) {
    const isInt = ty.includes('integer');
    const i = el('input', Object.assign({ type: 'text', inputmode: isInt ? 'numeric' : 'decimal',
      autocomplete: 'off', size: 8 }, common));
    i.value = value == null ? '' : String(value);
    const commit = () => {
      const raw = i.value.trim().replace(',', '.');
      if (!raw) { setAt(parts, null); setFieldError(i, null); return true; }
      const ok = isInt ? /^\d+$/.test(raw) : /^-?\d+(\.\d+)?$/.test(raw);
      if (!ok) { setFieldError(i, t(isInt ? 'int_bad' : 'num_bad')); i.dataset.bad = '1'; return false; }
      delete i.dataset.bad;
      setAt(parts, Number(raw)); setFieldError(i, null);
      return true;
    };
    i.addEventListener('change', commit);
    i.commit = commit;
    return i;
  }
  const i = el('input', Object.assign({ type: 'text', autocomplete: 'off',
    maxlength: node.maxLength || null }, common));
  i.value = value == null ? '' : String(value);
  const commit = () => { setAt(parts, i.value === '' ? null : i.value); setFieldError(i, null); return true; };
  i.addEventListener('input', commit);
  i.addEventListener('change', commit);
  return i;
}

function helpText(node) {
  const d = describe(node);
  const pt = node['x-pattern-text'];
  /* The description as help when it says more than the label (and more
   * than "(bắt buộc)", which the label's star says). */
  const rest = d.slice(shortLabel(d).length).replace(/^\s*\((bắt buộc|required)\)\s*$/, '');
  let help = rest ? d : '';
  if (pt && pt[state.lang]) help = help ? help + ' — ' + pt[state.lang] : pt[state.lang];
  return help;
}

/* field(node, parts, required): one labelled field, scalar or nested. */
function field(node, parts, required) {
  node = resolve(node);
  const ty = types(node);
  const path = pathStr(parts);
  if (ty.includes('object')) return group(node, parts, false);
  if (ty.includes('array')) return arrayField(node, parts);
  const id = domId(path);
  const help = helpText(node);
  const helpId = help ? id + '-help' : null;
  const label = el('label', { for: id }, shortLabel(describe(node) || parts[parts.length - 1]),
    required ? el('span', { class: 'req', text: ' *', title: t('required') }) : null);
  const input = scalarInput(node, parts, id, helpId);
  if (required) input.setAttribute('aria-required', 'true');
  const wrap = el('div', { class: 'field' + (isDate(node) ? ' date' : ''), 'data-path': path }, label, input);
  if (help) wrap.append(el('p', { class: 'help', id: helpId, text: help }));
  return wrap;
}

/* group(node, parts, top): an object's fields in a fieldset. */
function group(node, parts, top) {
  node = resolve(node);
  const path = pathStr(parts);
  const legendText = top ? titleOf(node, path) : shortLabel(describe(node) || path);
  const fs = el('fieldset', { class: top ? 'section' : 'group', 'data-path': path },
    el('legend', { text: legendText }));
  if (!top || titleOf(node, path) !== shortLabel(describe(node))) {
    const d = describe(node);
    if (d && d !== legendText) fs.append(el('p', { class: 'help', text: d }));
  }
  const req = node.required || [];
  /* Scalars in a grid; a nested object or list closes the grid run. */
  let grid = null;
  for (const [k, sub] of Object.entries(node.properties || {})) {
    const r = resolve(sub);
    const f = field(sub, parts.concat(k), req.includes(k));
    if (types(r).includes('object') || types(r).includes('array')) { fs.append(f); grid = null; }
    else { if (!grid) { grid = el('div', { class: 'grid' }); fs.append(grid); } grid.append(f); }
  }
  return fs;
}

/* arrayField(node, parts): items with remove, and an add button. */
function arrayField(node, parts) {
  const path = pathStr(parts);
  const itemNode = resolve(node.items);
  const box = el('div', { class: 'array', 'data-path': path, role: 'group', 'aria-labelledby': domId(path) + '-h' });
  const head = el('p', { class: 'array-head', id: domId(path) + '-h', text: shortLabel(describe(node) || path) });
  box.append(head);
  const d = describe(node);
  if (d && shortLabel(d) !== d.charAt(0).toUpperCase() + d.slice(1)) box.append(el('p', { class: 'help', text: d }));
  const list = el('ol', { class: 'items' });
  box.append(list);
  const render = (focusIndex) => {
    list.textContent = '';
    const arr = getAt(parts) || [];
    arr.forEach((_, i) => {
      const ip = parts.concat(i);
      const itemLabel = shortLabel(describe(itemNode) || t('item')) + ' ' + (i + 1);
      let body;
      if (types(itemNode).includes('object')) {
        body = group(itemNode, ip, false);
        body.querySelector('legend').textContent = itemLabel;
      } else {
        body = field(Object.assign({}, itemNode, { description: itemLabel, 'x-description-en': itemLabel }), ip, false);
      }
      const rm = el('button', { type: 'button', class: 'remove',
        'aria-label': t('remove') + ': ' + itemLabel, text: t('remove') });
      rm.addEventListener('click', () => {
        const a = getAt(parts); a.splice(i, 1);
        render(Math.min(i, a.length - 1));
      });
      list.append(el('li', { class: 'item' }, body, rm));
    });
    if (focusIndex != null && focusIndex >= 0) {
      const f = list.children[focusIndex] && list.children[focusIndex].querySelector('input, select');
      if (f) f.focus(); else add.focus();
    } else if (focusIndex === -1) add.focus();
  };
  const addText = t('add') + ': ' + shortLabel(describe(itemNode) || t('item')).toLowerCase();
  const add = el('button', { type: 'button', class: 'add', id: domId(path), text: '+ ' + addText });
  add.addEventListener('click', () => {
    let a = getAt(parts);
    if (!Array.isArray(a)) { setAt(parts, []); a = getAt(parts); }
    a.push(types(itemNode).includes('object') ? {} : null);
    render(a.length - 1);
  });
  box.append(add);
  render();
  return box;
}

function renderForm() {
  const body = document.getElementById('form-body');
  const nav = document.getElementById('section-nav');
  body.textContent = '';
  nav.textContent = '';
  nav.setAttribute('aria-label', t('sections'));
  const schema = state.schema;
  const proc = state.dossier.procedure === 'recognition' ? 'recognition' : 'admission';
  /* General: id, procedure, evaluation date. */
  const gen = el('fieldset', { class: 'section', 'data-path': '', id: 'sec-general' }, el('legend', { text: t('general') }));
  const grid = el('div', { class: 'grid' });
  for (const k of ['id', 'procedure', 'as_of']) {
    grid.append(field(schema.properties[k], [k], schema.required.includes(k)));
  }
  gen.append(grid);
  body.append(gen);
  const procSel = gen.querySelector('[data-path="procedure"]');
  procSel.addEventListener('change', () => { if (procSel.value) renderForm(); });
  const navList = el('ol');
  navList.append(el('li', {}, el('a', { href: '#sec-general', text: t('general') })));
  sectionOrder(proc).forEach((k) => {
    const node = schema.properties[k];
    const r = resolve(node);
    let sec;
    if (types(r).includes('array')) {
      sec = el('fieldset', { class: 'section', 'data-path': k }, el('legend', { text: titleOf(r, k) }));
      const a = arrayField(r, [k]);
      sec.append(a);
    } else {
      sec = group(node, [k], true);
    }
    sec.id = 'sec-' + k;
    body.append(sec);
    navList.append(el('li', {}, el('a', { href: '#sec-' + k, text: titleOf(r, k) })));
  });
  nav.append(navList);
  const name = state.dossier.candidate && state.dossier.candidate.full_name;
  document.getElementById('dossier-title').textContent = name ? name + (state.dossier.id ? ' — ' + state.dossier.id : '') : t('subtitle');
}

/* ---------- language ---------- */

function applyLang() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  document.getElementById('lang-vi').setAttribute('aria-pressed', String(state.lang === 'vi'));
  document.getElementById('lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
  document.title = 'admit — ' + t('title');
  if (state.schema) renderForm();
  announce('');
  /* The report's messages come from the server in one language: ask again. */
  if (state.result) check({ quiet: true });
  if (state.timeline) timeline({ quiet: true });
}

/* ---------- new, load, save ---------- */

function emptyDossier(proc) {
  return { format: 'admit.dossier/1', id: '', procedure: proc, organisation: {},
    candidate: { full_name: '', birth_date: '' } };
}
function startNew(proc) {
  state.dossier = emptyDossier(proc);
  state.result = null; state.timeline = null;
  renderForm(); clearReport();
  announce(t('new_done'));
  const f = document.getElementById('f-id'); if (f) f.focus();
}
function clearReport() {
  document.getElementById('report-body').innerHTML = '';
  document.getElementById('report-body').append(el('p', { class: 'muted', text: t('report_empty') }));
  document.getElementById('timeline-body').textContent = '';
}
function loadFile(file) {
  const r = new FileReader();
  r.onload = () => {
    let d;
    try { d = JSON.parse(r.result); } catch (e) { announce(t('bad_file') + ': ' + file.name + ' — ' + e.message, 'error'); return; }
    if (!d || typeof d !== 'object' || Array.isArray(d)) { announce(t('bad_file') + ': ' + file.name, 'error'); return; }
    delete d.$schema;
    if (!d.candidate || typeof d.candidate !== 'object') d.candidate = {};
    if (!d.organisation || typeof d.organisation !== 'object') d.organisation = {};
    state.dossier = d; state.result = null; state.timeline = null;
    renderForm(); clearReport();
    announce(t('loaded') + ': ' + file.name);
  };
  r.readAsText(file);
}
function fileName() {
  const id = (state.dossier.id || 'hoso').replace(/[^A-Za-z0-9._-]+/g, '_');
  return id + '.json';
}
function save() {
  if (!commitAll()) return;
  const text = JSON.stringify(dossierToSave(), null, 2) + '\n';
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })), download: fileName() });
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  announce(t('saved') + ': ' + fileName());
}

/* commitAll: every date and number re-read; false (focus on the first bad
 * field) when one cannot be read. */
function commitAll() {
  let first = null;
  for (const i of document.querySelectorAll('#form-body input')) {
    if (i.commit && !i.commit() && !first) first = i;
  }
  if (first) { first.focus(); announce(t('fix_first'), 'error'); return false; }
  return true;
}

/* ---------- server calls ---------- */

/* The bearer token of a server started with --token-file: asked for when a
 * request is refused with 401, kept in sessionStorage (this tab only, gone
 * when it closes), sent with every API request. */
const TOKEN_KEY = 'admit-token';
function withToken(headers) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  return headers;
}
function askToken() {
  const form = document.getElementById('token-form');
  form.hidden = false;
  document.getElementById('token').focus();
}
function takeToken(e) {
  e.preventDefault();
  const value = document.getElementById('token').value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  document.getElementById('token').value = '';
  document.getElementById('token-form').hidden = true;
  announce(t('token_saved'));
  document.getElementById('check').focus();
}

/* POST the dossier; a 401 asks for the token and throws (the caller announces it). */
async function post(path, accept) {
  const body = JSON.stringify(dossierToSave());
  const res = await fetch(path, { method: 'POST', headers: withToken({ 'Content-Type': 'application/json', Accept: accept || 'application/json' }), body });
  if (res.status === 401) {
    askToken();
    throw new Error(t('token_needed'));
  }
  return res;
}
async function check(how) {
  const quiet = how && how.quiet;
  if (!commitAll()) return;
  clearAllErrors();
  announce(t('checking'));
  const seq = ++state.seq;
  let res, data;
  try {
    res = await post('v1/check?lang=' + state.lang);
    data = await res.json();
  } catch (e) { announce(t('server_error') + ': ' + e.message, 'error'); return; }
  if (seq !== state.seq) return;
  if (data && data.error) { showInputError(data.error); return; }
  if (data && data.input_error) { showInputError(data.input_error); return; }
  state.result = data;
  renderResult(data);
  announce(t('checked') + ': ' + verdictText(data));
  if (!quiet) document.getElementById('report').focus();
}

/* ---------- pointing at fields ---------- */

/* findField(path): the input for a JSON path of the result, or of its
 * nearest ancestor the form shows ("opinions[from=residence_branch]" points
 * at the opinions list's add button). */
function findField(path) {
  let p = path.replace(/\[[^\]=]*=[^\]]*\]/g, '');
  while (p) {
    const e = document.querySelector('#form-body [data-path="' + CSS.escape(p) + '"]');
    if (e) {
      if (e.matches('input, select, button')) return e;
      const inner = e.matches('.array') ? e.querySelector(':scope > .add') : e.querySelector('input, select, button');
      if (inner) return inner;
    }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}
function labelOf(input) {
  const l = input.id && document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
  return l ? l.textContent.replace(/\s*\*$/, '') : input.textContent || input.dataset.path || '';
}
function goTo(path, msg) {
  const f = findField(path);
  if (!f) return null;
  const sec = f.closest('details');
  if (sec) sec.open = true;
  if (msg) setFieldError(f, msg);
  f.focus();
  f.scrollIntoView({ block: 'center' });
  return f;
}
function showInputError(err) {
  const errors = err.errors && err.errors.length ? err.errors : [err];
  const rb = document.getElementById('report-body');
  rb.textContent = '';
  const list = el('ul', { class: 'findings' });
  for (const e of errors) {
    const f = findField(e.path || '');
    if (f) setFieldError(f, e.message);
    list.append(el('li', { class: 'finding error' },
      el('p', { class: 'msg', text: e.message }),
      e.path ? el('p', { class: 'where' }, linkTo(e.path)) : null));
  }
  rb.append(el('p', { class: 'verdict error', text: t('input_error') }), list);
  announce(t('input_error') + ': ' + (errors[0].message || ''), 'error');
  if (errors[0].path) goTo(errors[0].path);
}
function linkTo(path, msg) {
  const f = findField(path);
  const text = f ? labelOf(f) : path;
  return el('button', { type: 'button', class: 'link', 'data-goto': path,
    onclick: () => goTo(path, msg) }, t('go_field') + ': ' + text, el('code', { text: path }));
}

/* ---------- the report ---------- */

function verdictText(r) {
  if (r.verdict === 'ready') {
    const k = r.procedure + '.' + (r.next_step || '');
    return t('ready')[k] || t('ready')[''];
  }
  return t('v_' + r.verdict) || r.verdict;
}
function fmtCounts(c) {
  return t('counts').replace(/\{(\w+)\}/g, (_, k) => String(c[k] || 0));
}
function stepName(proc, step) {
  const s = (state.schema['x-steps'][proc] || []).find(x => x.step === step);
  return s ? s[state.lang] : step;
}
function finding(r) {
  const li = el('li', { class: 'finding ' + r.status });
  li.append(el('p', { class: 'msg' }, el('span', { class: 'rule', text: r.rule }),
    r.severity === 'process' ? el('span', { class: 'tag', text: t('process') }) : null,
    ' ', r.message));
  const meta = el('p', { class: 'meta' });
  if (r.hint && r.hint.earliest) meta.append(el('span', { class: 'date', text: (r.status === 'pending' ? t('pending_earliest') : t('earliest')) + ': ' + isoToDmy(r.hint.earliest) }));
  if (r.hint && r.hint.latest) meta.append(el('span', { class: 'date', text: t('latest') + ': ' + isoToDmy(r.hint.latest) }));
  if (r.cite) meta.append(el('span', { class: 'cite', text: t('cite') + ': ' + r.cite }));
  if (meta.childNodes.length) li.append(meta);
  if (r.missing && r.missing.length) {
    const w = el('p', { class: 'where' });
    for (const p of r.missing) w.append(linkTo(p, r.message));
    li.append(w);
  }
  return li;
}
function renderResult(r) {
  const rb = document.getElementById('report-body');
  rb.textContent = '';
  const v = el('div', { class: 'verdict ' + r.verdict },
    el('p', { class: 'verdict-text', text: verdictText(r) }),
    el('p', { class: 'verdict-meta' },
      (r.dossier || '') + ' · ' + t('as_of') + ' ' + isoToDmy(r.as_of) +
      (r.next_step ? ' · ' + t('next_step') + ': ' + stepName(r.procedure, r.next_step) : '')));
  rb.append(v);
  const groups = ['error', 'fail', 'missing', 'needs_approval', 'warn', 'pending'];
  for (const g of groups) {
    const items = (r.results || []).filter(x => x.status === g);
    if (!items.length) continue;
    rb.append(el('h3', { class: 'group-' + g, text: t('g_' + g) + ' (' + items.length + ')' }),
      el('ul', { class: 'findings' }, items.map(finding)));
  }
  for (const g of ['pass', 'not_applicable']) {
    const items = (r.results || []).filter(x => x.status === g);
    if (!items.length) continue;
    rb.append(el('details', { class: 'more' }, el('summary', { text: t('g_' + g) + ' (' + items.length + ')' }),
      el('ul', { class: 'findings' }, items.map(finding))));
  }
  if (r.counts) rb.append(el('p', { class: 'counts', text: fmtCounts(r.counts) }));
}

/* ---------- the timeline ---------- */

async function timeline(how) {
  const quiet = how && how.quiet;
  if (!commitAll()) return;
  clearAllErrors();
  announce(t('checking'));
  let data;
  try {
    const res = await post('v1/timeline?lang=' + state.lang);
    data = await res.json();
  } catch (e) { announce(t('server_error') + ': ' + e.message, 'error'); return; }
  if (data && (data.error || data.input_error)) { showInputError(data.error || data.input_error); return; }
  state.timeline = data;
  renderTimeline(data);
  announce(t('tl_title'));
  if (!quiet) document.getElementById('timeline-body').focus();
}
function renderTimeline(d) {
  const tb = document.getElementById('timeline-body');
  tb.textContent = '';
  tb.setAttribute('tabindex', '-1');
  const table = el('table', { class: 'timeline' },
    el('caption', { text: t('tl_title') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('tl_date') }),
      el('th', { scope: 'col', text: t('tl_event') }), el('th', { scope: 'col', text: t('tl_detail') }))));
  const body = el('tbody');
  for (const s of d.steps || []) {
    body.append(el('tr', { class: s.planned ? 'planned' : '' },
      el('td', { class: 'date', text: isoToDmy(s.date) + (s.planned ? ' (' + t('planned') + ')' : '') }),
      el('td', {}, s.path ? el('button', { type: 'button', class: 'link', onclick: () => goTo(s.path) }, s.label) : s.label),
      el('td', { text: s.detail || '' })));
  }
  table.append(body);
  tb.append(el('h3', { text: t('tl_title') }), el('div', { class: 'scroll' }, table));
  if (d.papers && d.papers.valid_until) {
    tb.append(el('p', { class: 'papers', text: t('papers') + ': ' + isoToDmy(d.papers.valid_until) }));
  }
}

/* ---------- the print view ---------- */

/* printView: the server's printable HTML page (admit check --format html)
 * of the dossier as it stands, in a new tab. The window is opened at the
 * click, before the request, so that pop-up blockers let it through. */
async function printView() {
  if (!commitAll()) return;
  const w = window.open('', '_blank');
  if (!w) { announce(t('popup_blocked'), 'error'); return; }
  let res, html;
  try {
    res = await post('v1/check?format=html&lang=' + state.lang, 'text/html');
    html = await res.text();
  } catch (e) { w.close(); announce(t('server_error') + ': ' + e.message, 'error'); return; }
  if (!res.ok) {
    w.close();
    let err = null;
    try { err = JSON.parse(html).error; } catch (e) { /* not JSON */ }
    if (err) showInputError(err); else announce(t('server_error') + ': HTTP ' + res.status, 'error');
    return;
  }
  w.location = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  announce(t('print_opened'));
}

/* ---------- start ---------- */

async function start() {
  document.getElementById('lang-vi').addEventListener('click', () => { state.lang = 'vi'; applyLang(); });
  document.getElementById('lang-en').addEventListener('click', () => { state.lang = 'en'; applyLang(); });
  document.getElementById('new-admission').addEventListener('click', () => startNew('admission'));
  document.getElementById('new-recognition').addEventListener('click', () => startNew('recognition'));
  const lf = document.getElementById('load-file');
  lf.addEventListener('change', () => { if (lf.files[0]) loadFile(lf.files[0]); lf.value = ''; });
  document.getElementById('save').addEventListener('click', save);
  document.getElementById('check').addEventListener('click', () => check());
  document.getElementById('timeline').addEventListener('click', () => timeline());
  document.getElementById('print').addEventListener('click', printView);
  document.getElementById('dossier').addEventListener('submit', (e) => { e.preventDefault(); check(); });
  try {
    const res = await fetch(SCHEMA_URL);
    state.schema = await res.json();
  } catch (e) {
    document.getElementById('form-body').textContent = t('server_error') + ' (' + SCHEMA_URL + '): ' + e.message;
    return;
  }
  state.dossier = emptyDossier('admission');
  applyLang();
  document.getElementById('token-form').addEventListener('submit', takeToken);
  fetch('v1/version', { headers: withToken({}) }).then(r => r.json()).then(v => {
    document.getElementById('version').textContent = (v.engine || v.version || '') + (v.ruleset ? ' · ' + v.ruleset.slice(0, 19) + '…' : '');
  }).catch(() => {});
  document.body.classList.add('ready');
}

document.addEventListener('DOMContentLoaded', start);
