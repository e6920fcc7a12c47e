#include "partial_files.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// A handful of files at most are written at once; a fixed table needs no allocation in the
// signal handler, which may only call async-signal-safe functions (unlink, raise).
#define SLOTS 32

static char *volatile slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int installed;
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_all(void) {
    for (int i = 0; i < SLOTS; i++) {
        char *path = slots[i];
        if (path) unlink(path);
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
    char *copy = strdup(path);
    if (!copy) return -1;
    pthread_mutex_lock(&lock);
    if (!installed) {
        install();
        installed = 1;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (!slots[i]) {
            slots[i] = copy;
            pthread_mutex_unlock(&lock);
            return 0;
        }
    }
    pthread_mutex_unlock(&lock);
    free(copy);
    return -1;
}

void intake_partial_done(const char *path) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS; i++) {
        char *registered = slots[i];
        if (registered && strcmp(registered, path) == 0) {
            slots[i] = NULL;
            free(registered);
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}
