/*
 * plugin.c - loading native plugins into sets and calling into them; the
 * host side they talk to is engine/plugin_host.c.
 *
 * Loading is all-or-nothing and happens before any evaluation, on one
 * thread.  Afterwards a set is read-only; every call gets its own
 * `struct admit_call` on the caller's stack, so concurrent calls share
 * nothing the host writes.
 */
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "plugin_internal.h"

/* -- loading ------------------------------------------------------------ */

/* ELF header fields (the System V gABI, "ELF Header"). */
#define ELF_HEADER_MAX 64          /* an ELF64 header; ELF32's is 52 */
#define ELF_CLASS_OFFSET 4         /* EI_CLASS: 1 = 32-bit, 2 = 64-bit */
#define ELF_DATA_OFFSET 5          /* EI_DATA: 1 = little-endian, 2 = big-endian */
#define ELF_TYPE_OFFSET 16         /* e_type, 2 bytes in the file's byte order */
#define ELF_TYPE_DYN 3             /* ET_DYN: a shared object */

enum elf_verdict { ELF_OK, ELF_NOT_SHARED, ELF_WRONG_CLASS, ELF_WRONG_ORDER };

static enum elf_verdict elf_check(const unsigned char *h, size_t n)
{
    static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
    const union { uint16_t word; unsigned char bytes[2]; } probe = {.word = 1};
    int host_class = sizeof(void *) == 8 ? 2 : 1;
    int host_data = probe.bytes[0] == 1 ? 1 : 2;

    if (n < ELF_TYPE_OFFSET + 2 || memcmp(h, magic, sizeof magic) != 0)
        return ELF_NOT_SHARED;
    int cls = h[ELF_CLASS_OFFSET], data = h[ELF_DATA_OFFSET];
    if ((cls != 1 && cls != 2) || (data != 1 && data != 2) || n < (cls == 2 ? 64u : 52u))
        return ELF_NOT_SHARED;
    unsigned type = data == 1 ? (unsigned)h[ELF_TYPE_OFFSET] | (unsigned)h[ELF_TYPE_OFFSET + 1] << 8
                              : (unsigned)h[ELF_TYPE_OFFSET] << 8 | (unsigned)h[ELF_TYPE_OFFSET + 1];
    if (type != ELF_TYPE_DYN)
        return ELF_NOT_SHARED;
    if (cls != host_class)
        return ELF_WRONG_CLASS;
    if (data != host_data)
        return ELF_WRONG_ORDER;
    return ELF_OK;
}

/* Read up to `size` bytes; the count read, or -1. */
static ssize_t read_up_to(int fd, unsigned char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/*
 * Check the file before anything of it runs, and hash it.  Reading through
 * one descriptor opened with O_NOFOLLOW, and comparing it with the lstat()
 * of the directory entry, makes sure the checks are about the entry itself.
 */
static enum admit_status inspect_file(const char *dir, const char *entry, const char *path,
                                      char sha256[SHA256_HEX_SIZE], struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct stat st, fst;
    unsigned char header[ELF_HEADER_MAX];
    int fd = -1;

    if (lstat(path, &st) != 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    if (S_ISLNK(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" là liên kết tượng trưng; thư mục plugin chỉ nhận tệp thật: hãy sao chép chính tệp plugin vào thay cho liên kết",
                                    "\"%s\" is a symbolic link; the plugin directory takes regular files only: copy the plugin file itself there instead of a link"),
                                 entry);
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" là thư mục, không phải tệp plugin; hãy xoá hoặc đổi tên nó",
                                    "\"%s\" is a directory, not a plugin file; remove or rename it"),
                                 entry);
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không phải là tệp thông thường; hãy xoá nó khỏi thư mục plugin",
                                    "\"%s\" is not a regular file; remove it from the plugin directory"),
                                 entry);
        goto done;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc cho người dùng này hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable by this user or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    if (fstat(fd, &fst) != 0 || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" bị thay đổi trong khi nạp; hãy chạy lại",
                                    "\"%s\" changed while it was being loaded; run again"),
                                 entry);
        goto done;
    }
    ssize_t n = read_up_to(fd, header, sizeof header);
    if (n < 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
    switch (elf_check(header, (size_t)n)) {
    case ELF_OK:
        break;
    case ELF_NOT_SHARED:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không phải là thư viện dùng chung (ELF ET_DYN); hãy xoá nó khỏi thư mục plugin hoặc biên dịch lại với -shared -fPIC",
                                    "\"%s\" is not a shared object (ELF ET_DYN); remove it from the plugin directory or rebuild it with -shared -fPIC"),
                                 entry);
        goto done;
    case ELF_WRONG_CLASS:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" được biên dịch cho máy %d bit; admit này là %d bit: hãy biên dịch lại plugin trên máy này",
                                    "\"%s\" was built for a %d-bit machine; this admit is %d-bit: rebuild the plugin on this machine"),
                                 entry, sizeof(void *) == 8 ? 32 : 64, (int)sizeof(void *) * 8);
        goto done;
    case ELF_WRONG_ORDER:
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" được biên dịch cho máy có thứ tự byte khác; hãy biên dịch lại plugin trên máy này",
                                    "\"%s\" was built for a machine of the other byte order; rebuild the plugin on this machine"),
                                 entry);
        goto done;
    }
    if (lseek(fd, 0, SEEK_SET) != 0 || sha256_fd(fd, sha256) != 0) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("không đọc được \"%s\" (%s); hãy cấp quyền đọc hoặc xoá nó khỏi thư mục plugin",
                                    "\"%s\" cannot be read (%s); make it readable or remove it from the plugin directory"),
                                 entry, strerror(errno));
        goto done;
    }
done:
    if (fd >= 0)
        close(fd);
    return status;
}

/* Check what init told about the plugin, in the order that explains a
 * refusal best: a plugin built for a newer ABI usually fails its own init
 * because this host is too old, and the ABI is the thing to report. */
static enum admit_status check_info(const struct plugin_set *set, const struct admit_plugin *p,
                                    const struct admit_plugin_info *info, int rc,
                                    const char *dir, struct admit_error *err)
{
    if (info->abi_version > ADMIT_PLUGIN_ABI_VERSION)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" được biên dịch cho ABI plugin %u; admit này dùng ABI %u: hãy biên dịch lại plugin với plugins/admit_plugin.h của admit này",
                                  "\"%s\" was built for plugin ABI %u; this admit implements ABI %u: rebuild the plugin against this admit's plugins/admit_plugin.h"),
                               p->file, (unsigned)info->abi_version, ADMIT_PLUGIN_ABI_VERSION);
    if (p->registration_failed)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" đăng ký sai: %s; hãy sửa plugin và biên dịch lại",
                                  "\"%s\" made a bad registration: %s; fix the plugin and rebuild it"),
                               p->file, p->registration_error);
    /* The user's input is at fault (--registry names a bad file): exit 2,
     * with the plugin's message alone, which names that file. */
    if (rc != 0 && p->init_input_error && p->init_error[0] != '\0')
        return admit_error_set(err, ADMIT_EINPUT, NULL, NULL, "%s", p->init_error);
    if (rc != 0)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không khởi động được: %s; hãy khắc phục điều plugin báo hoặc xoá nó khỏi thư mục plugin",
                                  "\"%s\" failed to start: %s; fix what the plugin reports or remove it from the plugin directory"),
                               p->file,
                               p->init_error[0] != '\0' ? p->init_error
                                                         : TR("(không nêu lý do)", "(no reason given)"));
    if (info->abi_version == 0)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không khai báo ABI plugin (info->abi_version là 0); hãy đặt nó bằng ADMIT_PLUGIN_ABI_VERSION trong admit_plugin_init và biên dịch lại",
                                  "\"%s\" does not declare its plugin ABI (info->abi_version is 0); set it to ADMIT_PLUGIN_ABI_VERSION in admit_plugin_init and rebuild"),
                               p->file);
    /* Rules write plugins.NAME: a Lua keyword would not parse there. */
    if (!plugin_host_is_lower_identifier(info->name, NAME_MAX_LEN) || plugin_host_is_lua_keyword(info->name))
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" có tên \"%.64s\" không hợp lệ; tên plugin phải khớp [a-z][a-z0-9_]* (tối đa %d ký tự, không phải từ khoá Lua): hãy sửa info->name và biên dịch lại",
                                  "\"%s\" gives the invalid name \"%.64s\"; a plugin name must match [a-z][a-z0-9_]* (at most %d characters, not a Lua keyword): fix info->name and rebuild"),
                               p->file, info->name != NULL ? info->name : "(null)", NAME_MAX_LEN);
    int version_ok = info->version != NULL && info->version[0] != '\0' &&
                     strlen(info->version) <= VERSION_MAX_LEN;
    for (const char *v = info->version; version_ok && *v != '\0'; v++) {
        if ((unsigned char)*v <= ' ' || *v == 0x7f)
            version_ok = 0;
    }
    if (!version_ok)
        return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                               TR("\"%s\" không có phiên bản hợp lệ; hãy đặt info->version (ví dụ \"1.0.0\", tối đa %d ký tự, không có khoảng trắng) và biên dịch lại",
                                  "\"%s\" gives no valid version; set info->version (e.g. \"1.0.0\", at most %d characters, no spaces) and rebuild"),
                               p->file, VERSION_MAX_LEN);
    for (size_t i = 0; i < set->count; i++) {
        if (strcmp(set->plugins[i]->name, info->name) == 0)
            return admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                   TR("\"%s\" có cùng tên \"%s\" với \"%s\" đã nạp; hãy xoá một trong hai khỏi thư mục plugin",
                                      "\"%s\" has the same name \"%s\" as \"%s\", already loaded; remove one of them from the plugin directory"),
                                   p->file, info->name, set->plugins[i]->file);
    }
    return ADMIT_OK;
}

static void plugin_record_free(struct admit_plugin *p)
{
    if (p == NULL)
        return;
    free(p->path);
    free(p->file);
    free(p->name);
    free(p->version);
    free(p);
}

/* Drop the registrations made after the first `nfunctions` / `nchecks`. */
static void truncate_registrations(struct plugin_set *set, size_t nfunctions, size_t nchecks)
{
    while (set->nfunctions > nfunctions)
        free((char *)set->functions[--set->nfunctions].name);
    while (set->nchecks > nchecks)
        plugin_host_check_release(&set->checks[--set->nchecks]);
}

static enum admit_status load_one(struct plugin_set *set, const char *dir, const char *entry,
                                  struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct admit_plugin *p = NULL;
    struct admit_plugin_info info;
    void *handle = NULL;
    int started = 0;                      /* init returned 0: shutdown is due */
    size_t nfunctions = set->nfunctions, nchecks = set->nchecks;
    size_t dlen = strlen(dir);
    const char *sep = dlen > 0 && dir[dlen - 1] == '/' ? "" : "/";

    memset(&info, 0, sizeof info);
    p = calloc(1, sizeof *p);
    if (p == NULL)
        goto nomem;
    p->set = set;
    p->file = plugin_host_copy_string(entry);
    size_t plen = dlen + strlen(sep) + strlen(entry) + 1;
    p->path = malloc(plen);
    if (p->file == NULL || p->path == NULL)
        goto nomem;
    if (snprintf(p->path, plen, "%s%s%s", dir, sep, entry) != (int)plen - 1) {
        status = admit_error_set(err, ADMIT_EINTERNAL, dir, NULL, "plugin path does not fit");
        goto done;
    }
    status = inspect_file(dir, entry, p->path, p->sha256, err);
    if (status != ADMIT_OK)
        goto done;

    dlerror();  /* clear a stale message */
    errno = 0;
    handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
        /* the loader's own allocation failed: not the plugin's fault */
        status = admit_error_set(err, errno == ENOMEM ? ADMIT_ENOMEM : ADMIT_EPLUGIN, dir, NULL,
                                 TR("không nạp được \"%s\": %s; hãy biên dịch lại nó trên máy này với -shared -fPIC và plugins/admit_plugin.h của admit này",
                                    "\"%s\" cannot be loaded: %s; rebuild it on this machine with -shared -fPIC against this admit's plugins/admit_plugin.h"),
                                 entry, why != NULL ? why : "dlopen");
        goto done;
    }
    /* POSIX guarantees that a symbol's address converts to a function pointer. */
    admit_plugin_init_fn init = (admit_plugin_init_fn)dlsym(handle, ADMIT_PLUGIN_ENTRY);
    if (init == NULL) {
        status = admit_error_set(err, ADMIT_EPLUGIN, dir, NULL,
                                 TR("\"%s\" không có hàm %s nên không phải là plugin của admit; hãy xoá nó khỏi thư mục plugin hoặc định nghĩa %s (xem docs/writing-plugins.md)",
                                    "\"%s\" does not define %s, so it is not an admit plugin; remove it from the plugin directory or define %s (see docs/writing-plugins.md)"),
                                 entry, ADMIT_PLUGIN_ENTRY, ADMIT_PLUGIN_ENTRY);
        goto done;
    }

    p->loading = 1;
    int rc = init(&plugin_host_table, p, &info);
    p->loading = 0;
    started = rc == 0;
    status = check_info(set, p, &info, rc, dir, err);
    if (status != ADMIT_OK)
        goto done;

    p->name = plugin_host_copy_string(info.name);
    p->version = plugin_host_copy_string(info.version);
    if (p->name == NULL || p->version == NULL)
        goto nomem;
    if (set->count == set->alloc) {
        size_t n = set->alloc ? 2 * set->alloc : 4;
        struct admit_plugin **grown = realloc(set->plugins, n * sizeof *grown);
        if (grown == NULL)
            goto nomem;
        set->plugins = grown;
        set->alloc = n;
    }
    /* The registrations of this plugin now get its name. */
    for (size_t i = nfunctions; i < set->nfunctions; i++)
        set->functions[i].plugin = p->name;
    for (size_t i = nchecks; i < set->nchecks; i++)
        set->checks[i].plugin = p->name;
    p->handle = handle;
    p->shutdown = info.shutdown;
    set->plugins[set->count++] = p;
    handle = NULL;
    p = NULL;
    goto done;

nomem:
    status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
done:
    if (status != ADMIT_OK) {
        truncate_registrations(set, nfunctions, nchecks);
        if (started && info.shutdown != NULL)
            info.shutdown();
    }
    if (handle != NULL)
        dlclose(handle);
    plugin_record_free(p);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_plugin_entry(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

static enum admit_status load_dir(const char *dir, int missing_ok, struct plugin_set **out,
                                  struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    struct plugin_set *set = NULL;
    DIR *d = NULL;
    char **names = NULL;
    size_t count = 0, alloc = 0;

    *out = NULL;
    set = calloc(1, sizeof *set);
    if (set == NULL)
        goto nomem;
    d = opendir(dir);
    if (d == NULL) {
        if (missing_ok && errno == ENOENT)
            goto done;
        status = admit_error_set(err, errno == ENOMEM ? ADMIT_ENOMEM : ADMIT_EIO, dir, NULL,
                                 TR("không đọc được thư mục plugin: %s; hãy kiểm tra --plugins",
                                    "the plugin directory cannot be read: %s; check --plugins"),
                                 strerror(errno));
        goto done;
    }
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (e == NULL) {
            if (errno != 0) {
                status = admit_error_set(err, ADMIT_EIO, dir, NULL,
                                         TR("không đọc được thư mục plugin: %s",
                                            "the plugin directory cannot be read: %s"),
                                         strerror(errno));
                goto done;
            }
            break;
        }
        if (!is_plugin_entry(e->d_name))
            continue;
        if (count == alloc) {
            size_t n = alloc ? 2 * alloc : 16;
            char **grown = realloc(names, n * sizeof *grown);
            if (grown == NULL)
                goto nomem;
            names = grown;
            alloc = n;
        }
        names[count] = plugin_host_copy_string(e->d_name);
        if (names[count] == NULL)
            goto nomem;
        count++;
    }
    if (count > 1)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        status = load_one(set, dir, names[i], err);
        if (status != ADMIT_OK)
            goto done;
    }
    goto done;

nomem:
    status = admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
done:
    if (d != NULL)
        closedir(d);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (status == ADMIT_OK)
        *out = set;
    else
        plugin_set_free(set);
    return status;
}

enum admit_status plugin_set_load_dir(const char *dir, struct plugin_set **out,
                                      struct admit_error *err)
{
    return load_dir(dir, 0, out, err);
}

enum admit_status plugin_set_load_default(const char *dir, struct plugin_set **out,
                                          struct admit_error *err)
{
    return load_dir(dir, 1, out, err);
}

enum admit_status plugin_set_empty(struct plugin_set **out, struct admit_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, NULL, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    return ADMIT_OK;
}

void plugin_set_free(struct plugin_set *set)
{
    if (set == NULL)
        return;
    for (size_t i = set->count; i-- > 0;) {
        struct admit_plugin *p = set->plugins[i];
        if (p->shutdown != NULL)
            p->shutdown();
        dlclose(p->handle);
        plugin_record_free(p);
    }
    truncate_registrations(set, 0, 0);
    free(set->plugins);
    free(set->functions);
    free(set->checks);
    free(set);
}

/* -- accessors ---------------------------------------------------------- */

size_t plugin_set_count(const struct plugin_set *set)
{
    return set->count;
}

const char *plugin_set_name(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->name;
}

const char *plugin_set_version(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->version;
}

const char *plugin_set_sha256(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->sha256;
}

const char *plugin_set_path(const struct plugin_set *set, size_t i)
{
    return set->plugins[i]->path;
}

size_t plugin_set_function_count(const struct plugin_set *set)
{
    return set->nfunctions;
}

const struct plugin_function *plugin_set_function(const struct plugin_set *set, size_t i)
{
    return &set->functions[i];
}

const struct plugin_function *plugin_set_find_function(const struct plugin_set *set,
                                                       const char *plugin, const char *name)
{
    for (size_t i = 0; i < set->nfunctions; i++) {
        const struct plugin_function *f = &set->functions[i];
        if (strcmp(f->plugin, plugin) == 0 && strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

size_t plugin_set_check_count(const struct plugin_set *set)
{
    return set->nchecks;
}

const struct plugin_check *plugin_set_check(const struct plugin_set *set, size_t i)
{
    return &set->checks[i];
}

const struct plugin_check *plugin_set_find_check(const struct plugin_set *set, const char *id)
{
    for (size_t i = 0; i < set->nchecks; i++) {
        if (strcmp(set->checks[i].id, id) == 0)
            return &set->checks[i];
    }
    return NULL;
}

/* -- calling ------------------------------------------------------------ */

static void call_init(struct admit_call *call, const struct plugin_call_env *env)
{
    call->env = env;
    call->failed = 0;
    call->error[0] = '\0';
    call->string = NULL;
}

static void call_release(struct admit_call *call)
{
    free(call->string);
    call->string = NULL;
}

/* The message of a failed call; a plugin that gave none still gets one. */
static const char *call_message(const struct admit_call *call)
{
    if (call->error[0] != '\0')
        return call->error;
    return TR("plugin báo lỗi mà không nêu lý do", "the plugin failed without saying why");
}

/* Copy the function's result so that nothing of the plugin's memory is
 * used after the call returns. */
static void take_result(struct admit_call *call, const struct admit_value *result,
                        struct admit_value *ret)
{
    switch (result->type) {
    case ADMIT_VALUE_NIL:
        break;
    case ADMIT_VALUE_BOOL:
        ret->type = ADMIT_VALUE_BOOL;
        ret->as.boolean = result->as.boolean != 0;
        break;
    case ADMIT_VALUE_INT:
        ret->type = ADMIT_VALUE_INT;
        ret->as.integer = result->as.integer;
        break;
    case ADMIT_VALUE_NUMBER:
        ret->type = ADMIT_VALUE_NUMBER;
        ret->as.number = result->as.number;
        break;
    case ADMIT_VALUE_STRING: {
        size_t len = result->as.string.len;
        if (result->as.string.data == NULL && len > 0) {
            plugin_host_call_fail(call, "%s", TR("plugin trả về chuỗi NULL", "the plugin returned a NULL string"));
            break;
        }
        char *copy = malloc(len + 1);
        if (copy == NULL) {
            plugin_host_call_fail(call, "%s", TR("hết bộ nhớ", "out of memory"));
            break;
        }
        if (len > 0)
            memcpy(copy, result->as.string.data, len);
        copy[len] = '\0';
        ret->type = ADMIT_VALUE_STRING;
        ret->as.string.data = copy;
        ret->as.string.len = len;
        break;
    }
    default:
        plugin_host_call_fail(call, TR("plugin trả về kiểu giá trị %d không tồn tại",
                           "the plugin returned the unknown value type %d"), (int)result->type);
        break;
    }
}

int plugin_call_function(const struct plugin_function *f, const struct plugin_call_env *env,
                         int argc, const struct admit_value *argv, struct admit_value *ret,
                         char **error)
{
    struct admit_call call;
    struct admit_value result;

    call_init(&call, env);
    memset(&result, 0, sizeof result);
    result.type = ADMIT_VALUE_NIL;
    memset(ret, 0, sizeof *ret);
    ret->type = ADMIT_VALUE_NIL;
    *error = NULL;

    if (env == NULL)
        plugin_host_call_fail(&call, "%s", TR("gọi plugin ngoài lúc đánh giá", "plugin called outside an evaluation"));
    else if (argc < 0 || (argc > 0 && argv == NULL))
        plugin_host_call_fail(&call, "%s", TR("đối số không hợp lệ", "invalid arguments"));
    else if (f->fn(f->userdata, &call, argc, argv, &result) != 0)
        plugin_host_call_fail(&call, "%s", call_message(&call));
    if (!call.failed)
        take_result(&call, &result, ret);

    int rc = 0;
    if (call.failed) {
        plugin_value_release(ret);
        *error = plugin_host_copy_string(call_message(&call));
        rc = -1;
    }
    call_release(&call);
    return rc;
}

void plugin_value_release(struct admit_value *v)
{
    if (v->type == ADMIT_VALUE_STRING)
        free((char *)v->as.string.data);
    memset(v, 0, sizeof *v);
    v->type = ADMIT_VALUE_NIL;
}

int plugin_run_check(const struct plugin_check *c, const struct plugin_call_env *env,
                     struct outcome *out)
{
    struct admit_call call;
    struct admit_dossier dossier = {env != NULL ? env->dossier : NULL};
    struct admit_outcome outcome = {out, &call, 0};

    call_init(&call, env);
    if (env == NULL || env->dossier == NULL)
        plugin_host_call_fail(&call, "%s", TR("kiểm tra chạy mà không có hồ sơ", "check run without a dossier"));
    else if (c->fn(c->userdata, &call, &dossier, &outcome) != 0)
        plugin_host_call_fail(&call, "%s", call_message(&call));
    else if (!call.failed && !outcome.status_set)
        plugin_host_call_fail(&call, "%s", TR("kiểm tra của plugin không đưa ra kết quả (không gọi outcome_set)",
                                  "the plugin check gave no outcome (it did not call outcome_set)"));

    int rc = 0;
    if (call.failed) {
        outcome_set_error(out, "%s", call_message(&call));
        rc = -1;
    }
    call_release(&call);
    return rc;
}
