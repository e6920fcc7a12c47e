#define _GNU_SOURCE
#include "partial_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int intake_open_unnamed(const char *directory) {
#ifdef O_TMPFILE
    return open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#else
    (void)directory;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

int intake_link_unnamed(int fd, const char *path) {
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

// A handful of files at most are written at once. Fixed buffers, never freed: the signal
// handler (which may only call async-signal-safe functions such as unlink) and the exit
// handler read them while another thread may be letting a slot go.
#define SLOTS 32

static char paths[SLOTS][PATH_MAX];
static volatile sig_atomic_t in_use[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int installed;
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_all(void) {
    for (int i = 0; i < SLOTS; i++) {
        if (in_use[i]) unlink(paths[i]);
    }
}

static void on_signal(int signal_number) {
    remove_all();
    // Dies of the signal as it would have: the caller sees the same exit status.
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(signal_number, &fallback, NULL);
    raise(signal_number);
}

static void install(void) {
    atexit(remove_all);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction previous;
        // A signal the host process handles or ignores already is left to it.
        if (sigaction(signals[i], NULL, &previous) == 0 && previous.sa_handler == SIG_DFL) sigaction(signals[i], &action, NULL);
    }
}

int intake_partial_register(const char *path) {
    if (strlen(path) >= PATH_MAX) return -1;
    pthread_mutex_lock(&lock);
    if (!installed) {
        install();
        installed = 1;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (!in_use[i]) {
            strcpy(paths[i], path);
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            in_use[i] = 1;
            pthread_mutex_unlock(&lock);
            return 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return -1;
}

void intake_partial_done(const char *path) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS; i++) {
        if (in_use[i] && strcmp(paths[i], path) == 0) {
            in_use[i] = 0;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}
