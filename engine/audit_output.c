/* audit_output.c - the output folder and its files. */
#include "audit_output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/* Lines are written in blocks of about this size (complete lines only). */
#define BLOCK_SIZE (64 * 1024)

static enum admit_status io_error(struct admit_error *err, const char *path, const char *what_vi,
                                  const char *what_en, int errnum)
{
    return admit_error_set(err, ADMIT_EIO, path, NULL, "%s (%s)", TR(what_vi, what_en),
                           strerror(errnum));
}

static int join(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n >= 0 && (size_t)n < size ? 0 : -1;
}

enum admit_status audit_output_prepare(const char *dir, int force, int resume,
                                       struct admit_error *err)
{
    struct stat st;
    if (mkdir(dir, 0700) == 0) {
        if (chmod(dir, 0700) != 0)   /* whatever the umask */
            return io_error(err, dir, "không đặt được quyền thư mục",
                            "cannot set the folder's permissions", errno);
        return ADMIT_OK;
    }
    if (errno != EEXIST)
        return io_error(err, dir, "không tạo được thư mục", "cannot create the folder", errno);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return admit_error_set(err, ADMIT_EUSAGE, dir, NULL, "%s",
                               TR("không phải thư mục", "not a folder"));
    DIR *d = opendir(dir);
    if (d == NULL)
        return io_error(err, dir, "không đọc được thư mục", "cannot read the folder", errno);
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = 0;
    closedir(d);
    if (!empty && !force && !resume)
        return admit_error_set(err, ADMIT_EUSAGE, dir, NULL, "%s",
                               TR("thư mục kết quả không trống: dùng --resume để chạy tiếp "
                                  "hoặc --force để ghi đè",
                                  "the output folder is not empty: use --resume to continue "
                                  "or --force to overwrite"));
    return ADMIT_OK;
}

/* Cut `fd` after its last newline; *lines gets the complete lines. */
static enum admit_status keep_complete_lines(int fd, const char *path, long long *lines,
                                             struct admit_error *err)
{
    char buf[65536];
    off_t pos = 0, last_end = 0;
    ssize_t n;
    *lines = 0;
    while ((n = pread(fd, buf, sizeof buf, pos)) > 0) {
        for (ssize_t i = 0; i < n; i++)
            if (buf[i] == '\n') {
                (*lines)++;
                last_end = pos + i + 1;
            }
        pos += n;
    }
    if (n < 0)
        return io_error(err, path, "không đọc được tệp", "cannot read the file", errno);
    if (last_end != pos && ftruncate(fd, last_end) != 0)
        return io_error(err, path, "không cắt được dòng dở dang",
                        "cannot cut the incomplete last line", errno);
    return ADMIT_OK;
}

enum admit_status audit_lines_open(struct audit_results *r, const char *dir, const char *name,
                                   int resume, struct admit_error *err)
{
    memset(r, 0, sizeof *r);
    r->fd = -1;
    strbuf_init(&r->buf);
    if (join(r->path, sizeof r->path, dir, name) != 0)
        return admit_error_set(err, ADMIT_EUSAGE, dir, NULL, "path too long");
    int flags = O_RDWR | O_CREAT | O_CLOEXEC | (resume ? 0 : O_TRUNC);
    r->fd = open(r->path, flags, 0600);
    if (r->fd < 0)
        return io_error(err, r->path, "không mở được tệp để ghi", "cannot open the file for writing",
                        errno);
    if (fchmod(r->fd, 0600) != 0)
        return io_error(err, r->path, "không đặt được quyền tệp", "cannot set the file's permissions",
                        errno);
    if (resume) {
        int rfd = open(r->path, O_RDWR | O_CLOEXEC);
        enum admit_status status = rfd < 0 ? io_error(err, r->path, "không đọc được tệp",
                                                      "cannot read the file", errno)
                                           : keep_complete_lines(rfd, r->path, &r->kept, err);
        if (rfd >= 0)
            close(rfd);
        if (status != ADMIT_OK)
            return status;
        if (r->kept > 0 && (r->kept_file = fopen(r->path, "rb")) == NULL)
            return io_error(err, r->path, "không đọc được tệp", "cannot read the file", errno);
        if (lseek(r->fd, 0, SEEK_END) < 0)
            return io_error(err, r->path, "không ghi được", "cannot write", errno);
    }
    return ADMIT_OK;
}

int audit_results_next_kept(struct audit_results *r, char **line, size_t *len,
                            struct admit_error *err)
{
    size_t cap = 0;
    *line = NULL;
    if (r->kept_file == NULL || r->kept_read == r->kept)
        return 0;
    ssize_t n = getline(line, &cap, r->kept_file);
    if (n <= 0 || (*line)[n - 1] != '\n') {
        free(*line);
        *line = NULL;
        io_error(err, r->path, "không đọc lại được các dòng đã ghi",
                 "cannot read back the lines already written", errno ? errno : EIO);
        return -1;
    }
    (*line)[--n] = '\0';
    *len = (size_t)n;
    r->kept_read++;
    return 1;
}

static enum admit_status flush(struct audit_results *r, struct admit_error *err)
{
    size_t done = 0;
    while (done < r->buf.len) {
        ssize_t n = write(r->fd, r->buf.buf + done, r->buf.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : ENOSPC;
            /* Keep the file made of complete lines for --resume. */
            off_t end = lseek(r->fd, 0, SEEK_CUR);
            if (end >= 0 && done > 0) {
                long long dummy;
                keep_complete_lines(r->fd, r->path, &dummy, NULL);
            }
            return io_error(err, r->path, "không ghi được", "cannot write", e);
        }
        done += (size_t)n;
    }
    if (r->buf.len > 0) {
        r->buf.len = 0;
        r->buf.buf[0] = '\0';
    }
    return ADMIT_OK;
}

enum admit_status audit_results_add(struct audit_results *r, const char *line,
                                    struct admit_error *err)
{
    strbuf_puts(&r->buf, line);
    strbuf_add(&r->buf, "\n", 1);
    if (r->buf.failed)
        return admit_error_set(err, ADMIT_ENOMEM, r->path, NULL, "out of memory");
    return r->buf.len >= BLOCK_SIZE ? flush(r, err) : ADMIT_OK;
}

enum admit_status audit_results_close(struct audit_results *r, struct admit_error *err)
{
    enum admit_status status = ADMIT_OK;
    if (r->fd >= 0) {
        status = flush(r, err);
        if (status == ADMIT_OK && fsync(r->fd) != 0 && errno != EINVAL)
            status = io_error(err, r->path, "không ghi được", "cannot write", errno);
        if (close(r->fd) != 0 && status == ADMIT_OK)
            status = io_error(err, r->path, "không ghi được", "cannot write", errno);
        r->fd = -1;
    }
    if (r->kept_file != NULL)
        fclose(r->kept_file);
    r->kept_file = NULL;
    strbuf_release(&r->buf);
    return status;
}

enum admit_status audit_output_write_file(const char *dir, const char *name, const char *data,
                                          size_t len, struct admit_error *err)
{
    char path[4096], tmp[4200];
    if (join(path, sizeof path, dir, name) != 0 ||
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof tmp)
        return admit_error_set(err, ADMIT_EUSAGE, dir, NULL, "path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return io_error(err, path, "không ghi được", "cannot write", errno);
    enum admit_status status = ADMIT_OK;
    size_t done = 0;
    if (fchmod(fd, 0600) != 0)
        status = io_error(err, path, "không đặt được quyền tệp", "cannot set the file's permissions",
                          errno);
    while (status == ADMIT_OK && done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            status = io_error(err, path, "không ghi được", "cannot write", n < 0 ? errno : ENOSPC);
        else
            done += (size_t)n;
    }
    if (status == ADMIT_OK && fsync(fd) != 0 && errno != EINVAL)
        status = io_error(err, path, "không ghi được", "cannot write", errno);
    if (close(fd) != 0 && status == ADMIT_OK)
        status = io_error(err, path, "không ghi được", "cannot write", errno);
    if (status == ADMIT_OK && rename(tmp, path) != 0)
        status = io_error(err, path, "không đổi tên được tệp tạm", "cannot rename the temporary file",
                          errno);
    if (status != ADMIT_OK)
        unlink(tmp);
    return status;
}

enum admit_status audit_results_open(struct audit_results *r, const char *dir, int resume,
                                     struct admit_error *err)
{
    return audit_lines_open(r, dir, AUDIT_RESULTS_NAME, resume, err);
}
