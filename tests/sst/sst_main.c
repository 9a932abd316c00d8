/*
 * sst_main.c - x86pc-sst: run SingleStepTests MOO test files on the CPU.
 *
 *   x86pc-sst [--cpu 8086|186|286|386|486] [-v] [--max-fail-lines N] [--check-writes] PATH...
 *   x86pc-sst --dump [-v] FILE...
 *
 * PATH is a MOO file (gzip or plain) or a directory, whose *.MOO.gz,
 * *.MOO, *.moo.gz and *.moo files are run in sorted order. The CPU model
 * defaults to the file header's cpu id ("8086"/"8088" -> 8086, "C286" ->
 * 286). metadata.json (undefined-flag masks) and revocation_list.txt
 * (revoked tests, skipped) are read from the directory of each file.
 * Prints one line per file with failures, then (when any) "N skipped
 * (revoked tests)", then "N passed, N failed". Exit status 0 when nothing failed, 1 otherwise, 2 on usage
 * errors. See docs/sst.md.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "moo.h"
#include "moo_dump.h"
#include "sst_meta.h"
#include "sst_run.h"

/* Command-line options. */
static struct {
    int cpu;                 /* enum cpu_model, or -1: from each file */
    bool verbose;
    long max_fail_lines;     /* -1: unlimited */
    bool check_writes;
} opt = { -1, false, -1, false };

/* Totals and the failure-line budget. */
static struct {
    unsigned long passed, failed, skipped, files;
    long fail_lines;
    bool suppressed_note;
} tot;

/* A list of file paths. */
struct paths {
    char **v;
    size_t n, cap;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: x86pc-sst [--cpu 8086|186|286|386|486] [-v] [--max-fail-lines N] [--check-writes] PATH...\n"
            "       x86pc-sst --dump [-v] FILE...\n"
            "Runs SingleStepTests MOO files (gzip or plain); PATH is a file or a directory.\n");
}

static int add_path(struct paths *p, const char *s)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 64;
        char **nv = realloc(p->v, ncap * sizeof *nv);
        if (!nv) return -1;
        p->v = nv;
        p->cap = ncap;
    }
    p->v[p->n] = strdup(s);
    if (!p->v[p->n]) return -1;
    p->n++;
    return 0;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t ls = strlen(s), lf = strlen(suf);
    return ls >= lf && strcmp(s + ls - lf, suf) == 0;
}

static bool is_moo_name(const char *n)
{
    return has_suffix(n, ".MOO.gz") || has_suffix(n, ".MOO") || has_suffix(n, ".moo.gz") || has_suffix(n, ".moo");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print a failure line unless the --max-fail-lines budget is spent. */
static bool fail_line_ok(void)
{
    if (opt.max_fail_lines < 0 || tot.fail_lines < opt.max_fail_lines) {
        tot.fail_lines++;
        return true;
    }
    if (!tot.suppressed_note) {
        printf("(further failure lines suppressed by --max-fail-lines)\n");
        tot.suppressed_note = true;
    }
    return false;
}

static void report_error(const char *msg)
{
    tot.failed++;
    if (fail_line_ok()) printf("ERROR %s\n", msg);
}

/* Expand PATH (file or directory) into files. Returns -1 on an error,
 * which is reported and counted as a failure. */
static int expand(struct paths *files, const char *path)
{
    struct stat st;
    char msg[1400];
    if (stat(path, &st) != 0) {
        snprintf(msg, sizeof msg, "%s: %m", path);
        report_error(msg);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) return add_path(files, path);
    DIR *d = opendir(path);
    if (!d) {
        snprintf(msg, sizeof msg, "%s: %m", path);
        report_error(msg);
        return -1;
    }
    struct paths names = { 0 };
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && is_moo_name(e->d_name)) add_path(&names, e->d_name);
    closedir(d);
    if (!names.n) {
        snprintf(msg, sizeof msg, "%s: no MOO test files in this directory", path);
        report_error(msg);
        free(names.v);
        return -1;
    }
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    size_t dl = strlen(path);
    bool slash = dl && path[dl - 1] == '/';
    for (size_t i = 0; i < names.n; i++) {
        char full[2048];
        snprintf(full, sizeof full, "%s%s%s", path, slash ? "" : "/", names.v[i]);
        add_path(files, full);
        free(names.v[i]);
    }
    free(names.v);
    return 0;
}

/* Print a test's identification: position in the file (and the upstream
 * idx when it differs), name, bytes. */
static void print_test_id(const struct moo_test *t)
{
    printf("#%u", t->pos);
    if (t->idx != t->pos) printf(" (idx %u)", t->idx);
    printf(" \"");
    moo_print_name(stdout, t);
    printf("\" [");
    for (uint32_t i = 0; i < t->nbytes && i < 32; i++) printf(i ? " %02x" : "%02x", t->bytes[i]);
    printf("]");
}

/* Run every test of one file. */
static void run_file(struct sst_runner *r, struct moo_file *f, const char *path)
{
    char err[1400];
    tot.files++;
    if (moo_open(f, path, err, sizeof err)) {
        report_error(err);
        return;
    }
    enum sst_kind kind;
    enum cpu_model model;
    if (!strcmp(f->cpu, "8086") || !strcmp(f->cpu, "8088")) {
        kind = SST_KIND_8086;
        model = CPU_8086;
    } else if (!strcmp(f->cpu, "C286")) {
        kind = SST_KIND_286;
        model = CPU_286;
    } else {
        snprintf(err, sizeof err, "%s: unsupported CPU id \"%s\" in the MOO header", path, f->cpu);
        report_error(err);
        return;
    }
    if (opt.cpu >= 0) model = (enum cpu_model)opt.cpu;

    char dir[1024];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else snprintf(dir, sizeof dir, ".");
    if (slash == path) snprintf(dir, sizeof dir, "/");
    struct sst_meta *meta = sst_meta_get(dir);
    if (!meta) {
        report_error("out of memory");
        return;
    }
    static char warned_dir[1024];
    if (!meta->have_json && strcmp(warned_dir, dir)) {
        printf("note: no usable %s/metadata.json: FLAGS compared in full (no undefined-flag masks)\n", dir);
        snprintf(warned_dir, sizeof warned_dir, "%s", dir);
    }
    uint16_t file_mask;
    bool name_mask = sst_meta_mask_for_name(meta, base, &file_mask);

    unsigned long npass = 0, nfail = 0, nskip = 0;
    struct moo_test t, first;
    static char diff[4096], first_diff[4096];
    int rc;
    while ((rc = moo_next(f, &t, err, sizeof err)) > 0) {
        if (sst_meta_revoked(meta, &t)) {
            nskip++;
            if (opt.verbose) {
                printf("SKIP %s ", path);
                print_test_id(&t);
                printf(": revoked (hash listed in revocation_list.txt)\n");
            }
            continue;
        }
        uint16_t mask = name_mask ? file_mask : sst_meta_mask_for_bytes(meta, t.bytes, t.nbytes);
        if (sst_run_test(r, model, kind, &t, mask, diff, sizeof diff)) {
            npass++;
            continue;
        }
        if (!nfail) {
            first = t;
            memcpy(first_diff, diff, sizeof diff);
        }
        nfail++;
        if (opt.verbose && fail_line_ok()) {
            printf("  %s ", base);
            print_test_id(&t);
            printf(": %s\n", diff);
        }
    }
    tot.passed += npass;
    tot.failed += nfail;
    tot.skipped += nskip;
    if (nfail && fail_line_ok()) {
        printf("FAIL %s %lu/%lu ", path, nfail, npass + nfail);
        print_test_id(&first);
        printf(": %s\n", first_diff);
    } else if (opt.verbose && !nfail) {
        printf("ok   %s %lu/%lu", path, npass, npass + nfail);
        if (nskip) printf(" (%lu skipped)", nskip);
        printf("\n");
    }
    if (rc < 0) report_error(err); /* after the tests that could run */
}

static int parse_cpu(const char *s)
{
    static const struct { const char *n; int m; } tab[] = {
        { "8086", CPU_8086 }, { "8088", CPU_8086 }, { "186", CPU_186 }, { "286", CPU_286 },
        { "386", CPU_386 }, { "486", CPU_486 },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (!strcmp(s, tab[i].n)) return tab[i].m;
    return -1;
}

int main(int argc, char **argv)
{
    struct paths args = { 0 };
    bool dump = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--cpu") || !strcmp(a, "-cpu")) {
            if (i + 1 >= argc || (opt.cpu = parse_cpu(argv[++i])) < 0) {
                fprintf(stderr, "x86pc-sst: --cpu needs 8086, 186, 286, 386 or 486\n");
                return 2;
            }
        } else if (!strncmp(a, "--cpu=", 6)) {
            if ((opt.cpu = parse_cpu(a + 6)) < 0) {
                fprintf(stderr, "x86pc-sst: --cpu needs 8086, 186, 286, 386 or 486\n");
                return 2;
            }
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            opt.verbose = true;
        } else if (!strcmp(a, "--max-fail-lines")) {
            char *end;
            if (i + 1 >= argc || (opt.max_fail_lines = strtol(argv[++i], &end, 10)) < 0 || *end) {
                fprintf(stderr, "x86pc-sst: --max-fail-lines needs a number >= 0\n");
                return 2;
            }
        } else if (!strcmp(a, "--check-writes")) {
            opt.check_writes = true;
        } else if (!strcmp(a, "--dump")) {
            dump = true;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "x86pc-sst: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else if (add_path(&args, a)) {
            fprintf(stderr, "x86pc-sst: out of memory\n");
            return 2;
        }
    }
    if (!args.n) {
        usage(stderr);
        return 2;
    }
    if (dump) {
        int rc = 0;
        for (size_t i = 0; i < args.n; i++) rc |= moo_dump_file(args.v[i], stdout, opt.verbose);
        return rc ? 1 : 0;
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct paths files = { 0 };
    for (size_t i = 0; i < args.n; i++) expand(&files, args.v[i]);

    struct sst_runner r;
    if (sst_runner_init(&r, opt.check_writes)) return 2;
    struct moo_file f = { 0 };
    for (size_t i = 0; i < files.n; i++) {
        run_file(&r, &f, files.v[i]);
        fflush(stdout);
    }
    moo_close(&f);
    sst_runner_free(&r);
    sst_meta_free_all();
    for (size_t i = 0; i < files.n; i++) free(files.v[i]);
    free(files.v);
    for (size_t i = 0; i < args.n; i++) free(args.v[i]);
    free(args.v);

    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (opt.verbose)
        printf("%lu files in %.2f s\n", tot.files,
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (tot.skipped) printf("%lu skipped (revoked tests)\n", tot.skipped);
    printf("%lu passed, %lu failed\n", tot.passed, tot.failed);
    return tot.failed ? 1 : 0;
}
