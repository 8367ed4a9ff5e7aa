/* messages_rulebook.c - see messages_rulebook.h. */
#include "messages_rulebook.h"

#include <stdlib.h>

#include "i18n.h"
#include "jsontext.h"

enum admit_status messages_load_rulebook(const struct rulebook_files *files, const char *dir,
                                         struct messages **out, struct admit_error *err)
{
    size_t count;
    const struct rulebook_file *read = rulebook_files_group(files, RULEBOOK_MESSAGES, &count);
    if (count == 0)
        return messages_load(dir, out, err);
    struct messages_file *list = calloc(count, sizeof *list);
    if (list == NULL)
        return admit_error_set(err, ADMIT_ENOMEM, dir, NULL, "%s", TR("hết bộ nhớ", "out of memory"));
    for (size_t i = 0; i < count; i++) {
        int usable = read[i].text != NULL && read[i].len <= JSONTEXT_FILE_MAX;
        list[i] = (struct messages_file){read[i].name, usable ? read[i].text : NULL,
                                         usable ? read[i].len : 0};
    }
    enum admit_status status = messages_load_texts(dir, list, count, out, err);
    free(list);
    return status;
}
