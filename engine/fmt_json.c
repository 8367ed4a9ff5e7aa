/*
 * fmt_json.c - printing JSON in the project's normal form.
 *
 * cJSON's own printer indents with tabs and writes "key":<tab>value; the
 * normal form is meant to be read and diffed by people, so it is printed here.
 * Normalisation to NFC is libutf8proc's, never our own tables.
 */
#include "fmt_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

char *fmt_nfc(const char *text)
{
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)text);
}

/* A JSON string literal of `text` (normalised to NFC). */
static int put_string(struct strbuf *out, const char *text)
{
    char *nfc = fmt_nfc(text != NULL ? text : "");
    if (nfc == NULL)
        return -1;
    strbuf_add(out, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)nfc; *p != '\0'; p++) {
        const char *esc = NULL;
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default: break;
        }
        if (esc != NULL)
            strbuf_puts(out, esc);
        else if (*p < 0x20)
            strbuf_addf(out, "\\u%04x", *p);
        else
            strbuf_add(out, (const char *)p, 1);
    }
    strbuf_add(out, "\"", 1);
    free(nfc);
    return 0;
}

/* A number as cJSON would read back the same double. */
static void put_number(struct strbuf *out, double v)
{
    char text[64];
    double back = 0;
    if (!isfinite(v)) {   /* jsontext refuses these; print something valid anyway */
        strbuf_puts(out, "null");
        return;
    }
    snprintf(text, sizeof text, "%.15g", v);
    if (sscanf(text, "%lg", &back) != 1 || back != v)
        snprintf(text, sizeof text, "%.17g", v);
    strbuf_puts(out, text);
}

static void put_indent(struct strbuf *out, int level)
{
    for (int i = 0; i < level; i++)
        strbuf_add(out, "  ", 2);
}

static int put_value(struct strbuf *out, const cJSON *node, int level)
{
    switch (node->type & 0xFF) {
    case cJSON_NULL:
        strbuf_puts(out, "null");
        return 0;
    case cJSON_True:
        strbuf_puts(out, "true");
        return 0;
    case cJSON_False:
        strbuf_puts(out, "false");
        return 0;
    case cJSON_Number:
        put_number(out, node->valuedouble);
        return 0;
    case cJSON_String:
        return put_string(out, node->valuestring);
    case cJSON_Array:
    case cJSON_Object: {
        int object = cJSON_IsObject(node);
        if (node->child == NULL) {
            strbuf_puts(out, object ? "{}" : "[]");
            return 0;
        }
        strbuf_puts(out, object ? "{\n" : "[\n");
        for (const cJSON *c = node->child; c != NULL; c = c->next) {
            put_indent(out, level + 1);
            if (object) {
                if (put_string(out, c->string) != 0)
                    return -1;
                strbuf_puts(out, ": ");
            }
            if (put_value(out, c, level + 1) != 0)
                return -1;
            strbuf_puts(out, c->next != NULL ? ",\n" : "\n");
        }
        put_indent(out, level);
        strbuf_puts(out, object ? "}" : "]");
        return 0;
    }
    default:
        return -1;   /* cJSON_Raw and invalid nodes are never parsed from text */
    }
}

int fmt_json(struct strbuf *out, const cJSON *node)
{
    if (node == NULL || put_value(out, node, 0) != 0)
        return -1;
    strbuf_puts(out, "\n");
    return out->failed ? -1 : 0;
}
