/*
 * cmd_init.c - `admit init admission|recognition [--stage STEP] [-o FILE]`:
 * a dossier skeleton to fill in (docs/dossier.md).
 *
 * The skeleton is made from the dossier schema the engine validates with,
 * so it follows every change of the format: each field of each section the
 * dossier has at STEP, in the schema's order, with a placeholder that names
 * what goes there.  Placeholders are chosen to be refused by the validator
 * (a date "YYYY-MM-DD", a text "", a choice "a | b", a flag "true | false",
 * a count "0, 1, 2, …"), so that a field forgotten is an input error at its
 * JSON path and never passes for evidence; everything else (format,
 * procedure, $schema, the structure) is valid as written.
 *
 * The steps of each procedure and the sections each adds are the schema's
 * "x-steps": a dossier at STEP has the sections of every step up to STEP.
 * Exit codes: 0 written; 2 usage, or FILE exists or cannot be written;
 * 3 the schema cannot be read or its "x-steps" is malformed.
 */
#define _XOPEN_SOURCE 700   /* realpath: POSIX, but declared by glibc only for XSI */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fmt_json.h"
#include "strbuf.h"
#include "jsontext.h"
#include "paths.h"
#include "suggest.h"

#define INIT_MAX_DEPTH 32   /* the schema nests 6 levels; a deeper walk is a loop */

/* The most steps a procedure has; the schema's "x-steps" lists 4 or 5. */
#define INIT_MAX_STEPS 16

/*
 * The steps of a procedure, from the schema's "x-steps" (the one list of
 * them that docs/dossier.md is generated from too): each a name and the
 * sections the dossier gains at it, top-level keys or "probation.<key>".
 */
struct init_steps {
    const char *names[INIT_MAX_STEPS];
    const cJSON *sections[INIT_MAX_STEPS];   /* arrays of strings */
    size_t count;
};

static const struct cli_option_use options[] = {
    {CLI_OPT_STAGE,
     "hồ sơ đến bước này (mặc định: bước cuối, hồ sơ đầy đủ); kết nạp (admission): "
     "preparation, branch_vote, grassroots_vote, decision, ceremony; công nhận "
     "(recognition): probation, branch_vote, grassroots_vote, decision",
     "the dossier up to this step (default: the last, a full dossier); admission: "
     "preparation, branch_vote, grassroots_vote, decision, ceremony; recognition: "
     "probation, branch_vote, grassroots_vote, decision"},
    {CLI_OPT_OUTPUT, NULL, NULL},
    {CLI_OPT_LANG, "ngôn ngữ của thông báo", "language of the messages"},
    {CLI_OPT_END, NULL, NULL},
};

static const struct cli_command command = {
    "init",
    "admit init admission|recognition [--stage BƯỚC] [-o TỆP]",
    "admit init admission|recognition [--stage STEP] [-o FILE]",
    "In ra khung hồ sơ (JSON) để điền: mọi mục của hồ sơ đến BƯỚC, mỗi trường một\n"
    "giá trị giữ chỗ cho biết cần điền gì. Thay từng giá trị giữ chỗ bằng giá trị thật,\n"
    "hoặc null khi chưa có; admit check từ chối giá trị giữ chỗ còn sót, nêu tên trường.\n"
    "Hướng dẫn điền từng trường: docs/dossier.md.",
    "Prints a dossier skeleton (JSON) to fill in: every section the dossier has up to\n"
    "STEP, each field with a placeholder saying what goes there. Replace each\n"
    "placeholder by the value, or by null while it is not known; admit check refuses\n"
    "a placeholder left, naming its field. Field by field: docs/dossier.md.",
    NULL, options,
    "Khóa \"$schema\" trỏ tới lược đồ hồ sơ đã cài, để trình soạn thảo (VS Code...)\n"
    "gợi ý tên trường và giá trị.\n"
    "Mã thoát: 0 đã in hoặc đã ghi, 2 sai cách dùng hoặc không ghi được TỆP,\n"
    "3 không đọc được lược đồ.",
    "The \"$schema\" key points to the installed dossier schema, so that editors\n"
    "(VS Code...) complete field names and values.\n"
    "Exit codes: 0 printed or written, 2 usage or FILE cannot be written,\n"
    "3 the schema cannot be read.",
};

/* The schema `node` stands for: $refs to "#/definitions/NAME" followed. */
static const cJSON *resolve(const cJSON *root, const cJSON *node)
{
    for (int hops = 0; hops < INIT_MAX_DEPTH && cJSON_IsObject(node); hops++) {
        const cJSON *ref = cJSON_GetObjectItemCaseSensitive(node, "$ref");
        static const char prefix[] = "#/definitions/";
        if (!cJSON_IsString(ref) || strncmp(ref->valuestring, prefix, sizeof prefix - 1) != 0)
            return node;
        node = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(root, "definitions"),
            ref->valuestring + sizeof prefix - 1);
    }
    return node;
}

/* The first type of `node` other than "null", or "". */
static const char *main_type(const cJSON *node)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(node, "type"), *t;
    if (cJSON_IsString(type))
        return strcmp(type->valuestring, "null") != 0 ? type->valuestring : "";
    cJSON_ArrayForEach(t, type) {
        if (cJSON_IsString(t) && strcmp(t->valuestring, "null") != 0)
            return t->valuestring;
    }
    return "";
}

/* "a | b | c": the values of an enumeration, null left out. */
static cJSON *choices(const cJSON *values)
{
    char text[1024];
    size_t used = 0;
    const cJSON *v;
    text[0] = '\0';
    cJSON_ArrayForEach(v, values) {
        if (!cJSON_IsString(v))
            continue;
        int n = snprintf(text + used, sizeof text - used, "%s%s", used ? " | " : "",
                         v->valuestring);
        if (n < 0 || (size_t)n >= sizeof text - used)
            break;   /* the choices shown stop at 1 KiB; the schema's are far shorter */
        used += (size_t)n;
    }
    return cJSON_CreateString(text);
}

static cJSON *placeholder(const cJSON *root, const cJSON *node, int depth);

/* An object with a placeholder for each property (the x_ extensions left out). */
static cJSON *object_placeholder(const cJSON *root, const cJSON *node, int depth)
{
    cJSON *obj = cJSON_CreateObject();
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(node, "properties")) {
        cJSON *value = placeholder(root, p, depth + 1);
        if (obj == NULL || value == NULL || !cJSON_AddItemToObject(obj, p->string, value)) {
            cJSON_Delete(value);
            cJSON_Delete(obj);
            return NULL;
        }
    }
    return obj;
}

/*
 * The placeholder of schema `node` (see the file comment); NULL when out of
 * memory or nested beyond INIT_MAX_DEPTH.  Caller frees with cJSON_Delete.
 */
static cJSON *placeholder(const cJSON *root, const cJSON *node, int depth)
{
    if (depth > INIT_MAX_DEPTH)
        return NULL;
    node = resolve(root, node);
    const cJSON *konst = cJSON_GetObjectItemCaseSensitive(node, "const");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(node, "enum");
    const cJSON *any = cJSON_GetObjectItemCaseSensitive(node, "anyOf"), *branch;
    if (konst != NULL)
        return cJSON_Duplicate(konst, 1);
    if (values != NULL)
        return choices(values);
    cJSON_ArrayForEach(branch, any) {   /* the first branch that is not null */
        if (strcmp(main_type(resolve(root, branch)), "") != 0)
            return placeholder(root, branch, depth + 1);
    }
    const char *type = main_type(node);
    if (strcmp(type, "object") == 0)
        return object_placeholder(root, node, depth);
    if (strcmp(type, "array") == 0) {   /* one sample item: copy it, or leave [] */
        cJSON *array = cJSON_CreateArray();
        cJSON *item = placeholder(root, cJSON_GetObjectItemCaseSensitive(node, "items"),
                                  depth + 1);
        if (array == NULL || item == NULL || !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            cJSON_Delete(array);
            return NULL;
        }
        return array;
    }
    if (strcmp(type, "boolean") == 0)
        return cJSON_CreateString("true | false");
    if (strcmp(type, "integer") == 0)
        return cJSON_CreateString("0, 1, 2, …");
    if (strcmp(type, "number") == 0) {
        const cJSON *lo = cJSON_GetObjectItemCaseSensitive(node, "minimum");
        const cJSON *hi = cJSON_GetObjectItemCaseSensitive(node, "maximum");
        char text[64];
        if (cJSON_IsNumber(lo) && cJSON_IsNumber(hi))
            snprintf(text, sizeof text, "%g–%g", lo->valuedouble, hi->valuedouble);
        else
            snprintf(text, sizeof text, "0.0");
        return cJSON_CreateString(text);
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(node, "format");
    if (cJSON_IsString(format) && strcmp(format->valuestring, "date") == 0)
        return cJSON_CreateString("YYYY-MM-DD");
    return cJSON_CreateString("");   /* a text: "" is too short to pass */
}

/*
 * 1 when `field` ("key" or "probation.key") is in the steps up to `last`.
 * "as_of", the planned date of the coming meeting, only before the first
 * event: after it the events date the dossier.
 */
static int in_steps(const struct init_steps *steps, size_t last, const char *field)
{
    if (strcmp(field, "as_of") == 0)
        return last == 0;
    for (size_t s = 0; s <= last; s++) {
        const cJSON *f;
        cJSON_ArrayForEach(f, steps->sections[s]) {
            if (cJSON_IsString(f) && strcmp(f->valuestring, field) == 0)
                return 1;
        }
    }
    return 0;
}

/* "file://" and `path` with every byte outside RFC 3986 unreserved and "/" escaped. */
static int file_uri(const char *path, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = (size_t)snprintf(out, size, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (n + 4 >= size)
            return -1;
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p) != NULL) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return 0;
}

/* The probation record with the parts its steps up to `last` have; NULL when out of memory. */
static cJSON *probation_placeholder(const cJSON *schema, const cJSON *node,
                                    const struct init_steps *steps, size_t last)
{
    cJSON *value = cJSON_CreateObject();
    const cJSON *sub;
    cJSON_ArrayForEach(sub, cJSON_GetObjectItemCaseSensitive(resolve(schema, node), "properties")) {
        char field[128];
        snprintf(field, sizeof field, "probation.%s", sub->string);
        if (!in_steps(steps, last, field))
            continue;
        cJSON *item = placeholder(schema, sub, 2);
        if (value == NULL || item == NULL || !cJSON_AddItemToObject(value, sub->string, item)) {
            cJSON_Delete(item);
            cJSON_Delete(value);
            return NULL;
        }
    }
    return value;
}

/*
 * The skeleton of `procedure` up to step `last`; NULL when out of memory.
 * `schema_uri` becomes its "$schema".  Caller frees with cJSON_Delete.
 */
static cJSON *skeleton(const cJSON *schema, const char *procedure,
                       const struct init_steps *steps, size_t last, const char *schema_uri)
{
    static const char *const always[] = {"format", "id", "organisation", "candidate"};
    cJSON *doc = cJSON_CreateObject();
    const cJSON *p;
    if (doc == NULL)
        return NULL;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(schema, "properties")) {
        const char *key = p->string;
        int wanted = in_steps(steps, last, key);
        for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
            wanted |= strcmp(key, always[i]) == 0;
        cJSON *value;
        if (strcmp(key, "$schema") == 0)
            value = cJSON_CreateString(schema_uri);
        else if (strcmp(key, "procedure") == 0)
            value = cJSON_CreateString(procedure);
        else if (strcmp(key, "probation") == 0 && strcmp(procedure, "recognition") == 0)
            value = probation_placeholder(schema, p, steps, last);
        else if (wanted)
            value = placeholder(schema, p, 1);
        else
            continue;
        if (value == NULL || !cJSON_AddItemToObject(doc, key, value)) {
            cJSON_Delete(value);
            cJSON_Delete(doc);
            return NULL;
        }
    }
    return doc;
}

/* Write `text` to `path`, which must not exist yet; 0 or -1 with errno. */
static int write_new_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wx");   /* C11 "x": fails when the file exists */
    if (f == NULL)
        return -1;
    int ok = fputs(text, f) >= 0;   /* text ends with its newline (fmt_json) */
    if (fclose(f) != 0 || !ok)
        return -1;
    return 0;
}

/* 1 when `section` names a field of the schema ("key" or "probation.key"). */
static int known_section(const cJSON *schema, const char *section)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
    const char *dot = strchr(section, '.');
    if (dot == NULL)
        return cJSON_GetObjectItemCaseSensitive(props, section) != NULL;
    if (strncmp(section, "probation.", 10) != 0)
        return 0;
    const cJSON *probation = resolve(schema, cJSON_GetObjectItemCaseSensitive(props, "probation"));
    return cJSON_GetObjectItemCaseSensitive(
               cJSON_GetObjectItemCaseSensitive(probation, "properties"), dot + 1) != NULL;
}

/*
 * Read the steps of `procedure` from the schema's "x-steps".  Returns 0;
 * EXIT_INPUT when the procedure is unknown, EXIT_ENGINE when "x-steps" is
 * malformed (each after printing the error).
 */
static int read_steps(const cJSON *schema, const char *file, const char *procedure,
                      struct init_steps *out)
{
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(schema, "x-steps"), *list, *step;
    const char *names[8];
    size_t known = 0;
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(all)) {
        cli_error(TR("%s: thiếu \"x-steps\" (các bước của mỗi thủ tục)",
                     "%s: no \"x-steps\" (the steps of each procedure)"), file);
        return EXIT_ENGINE;
    }
    cJSON_ArrayForEach(list, all) {
        if (known < 8)
            names[known++] = list->string;
    }
    list = cJSON_GetObjectItemCaseSensitive(all, procedure);
    if (list == NULL) {
        const char *near = suggest_closest(procedure, names, known);
        cli_error(TR("init: thủ tục \"%s\" không có; chọn admission (kết nạp) hoặc recognition (công nhận đảng viên chính thức)%s%s%s",
                     "init: no procedure \"%s\"; choose admission or recognition%s%s%s"),
                  procedure, near ? TR(" (có phải \"", " (did you mean \"") : "", near ? near : "",
                  near ? "\"?)" : "");
        return EXIT_INPUT;
    }
    cJSON_ArrayForEach(step, list) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(step, "step");
        const cJSON *sections = cJSON_GetObjectItemCaseSensitive(step, "sections"), *s;
        int ok = out->count < INIT_MAX_STEPS && cJSON_IsString(name) && cJSON_IsArray(sections);
        cJSON_ArrayForEach(s, sections) {
            ok = ok && cJSON_IsString(s) && known_section(schema, s->valuestring);
        }
        if (!ok) {
            cli_error(TR("%s: x-steps.%s[%zu]: cần {\"step\": tên, \"sections\": [các trường của lược đồ]}",
                         "%s: x-steps.%s[%zu]: expected {\"step\": name, \"sections\": [fields of the schema]}"),
                      file, procedure, out->count);
            return EXIT_ENGINE;
        }
        out->names[out->count] = name->valuestring;
        out->sections[out->count++] = sections;
    }
    if (out->count == 0) {
        cli_error(TR("%s: x-steps.%s: không có bước nào", "%s: x-steps.%s: no steps"), file,
                  procedure);
        return EXIT_ENGINE;
    }
    return 0;
}

/* The index of step `name`, or -1 after printing the error. */
static int step_index(const struct init_steps *steps, const char *procedure, const char *name)
{
    char list[256];
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < steps->count; i++) {
        if (strcmp(steps->names[i], name) == 0)
            return (int)i;
        int n = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", steps->names[i]);
        if (n > 0 && (size_t)n < sizeof list - used)
            used += (size_t)n;
    }
    const char *near = suggest_closest(name, steps->names, steps->count);
    cli_error(TR("init: thủ tục %s không có bước \"%s\"; các bước: %s%s%s%s",
                 "init: procedure %s has no step \"%s\"; the steps: %s%s%s%s"),
              procedure, name, list, near ? TR(" (có phải \"", " (did you mean \"") : "",
              near ? near : "", near ? "\"?)" : "");
    return -1;
}

int cmd_init(int argc, char **argv)
{
    struct cli_options opt;
    int code = cli_begin(&command, argc, argv, &opt);
    if (code >= 0)
        return code;
    if (opt.arg_count != 1) {
        cli_error("%s", TR("init: cần đúng một thủ tục: admit init admission|recognition (xem admit init --help)",
                           "init: exactly one procedure is needed: admit init admission|recognition (see admit init --help)"));
        return EXIT_INPUT;
    }
    const char *procedure = opt.args[0], *stage = opt.stage, *output = opt.output;

    struct admit_paths paths;
    struct admit_error err;
    struct init_steps steps;
    char path[1100], real[PATH_MAX], uri[3 * PATH_MAX + 16];
    cJSON *schema = NULL, *doc = NULL;
    struct strbuf text;
    strbuf_init(&text);
    code = EXIT_ENGINE;
    paths_default(&paths);
    admit_error_clear(&err);
    snprintf(path, sizeof path, "%s/dossier.schema.json", paths.schemas);
    if (jsontext_read_file(path, &schema, &err) != ADMIT_OK) {
        cli_print_error(&err);
        goto done;
    }
    code = read_steps(schema, path, procedure, &steps);
    if (code != 0)
        goto done;
    size_t last = steps.count - 1;
    if (stage != NULL) {
        int i = step_index(&steps, procedure, stage);
        code = EXIT_INPUT;
        if (i < 0)
            goto done;
        last = (size_t)i;
    }
    code = EXIT_ENGINE;
    /* the schema file the binary itself uses, as an absolute file URI */
    if (realpath(path, real) == NULL || file_uri(real, uri, sizeof uri) != 0)
        snprintf(uri, sizeof uri, "%s", path);
    doc = skeleton(schema, procedure, &steps, last, uri);
    if (doc == NULL || fmt_json(&text, doc) != 0 || text.failed) {
        cli_error("init: %s", TR("hết bộ nhớ", "out of memory"));
        goto done;
    }
    if (output == NULL) {
        fputs(text.buf, stdout);
        code = 0;
    } else if (write_new_file(output, text.buf) != 0) {
        cli_error(TR("init: không ghi được \"%s\" (tệp đã có, hoặc thư mục không ghi được)",
                     "init: cannot write \"%s\" (the file exists, or the directory is not writable)"),
                  output);
        code = EXIT_INPUT;
    } else {
        fprintf(stderr, TR("Đã tạo khung hồ sơ %s (%s, đến bước %s); cách điền: docs/dossier.md\n",
                           "Created the dossier skeleton %s (%s, up to step %s); how to fill it in: docs/dossier.md\n"),
                output, procedure, steps.names[last]);
        code = 0;
    }
done:
    strbuf_release(&text);
    cJSON_Delete(doc);
    cJSON_Delete(schema);
    return code;
}
