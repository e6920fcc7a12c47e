#ifndef INTAKE_PARTIAL_FILES_H
#define INTAKE_PARTIAL_FILES_H

/// Registers `path`, a file being written, to be removed if the process exits, or is stopped
/// by SIGINT, SIGTERM or SIGHUP, before `intake_partial_done(path)`. Returns 0, or -1 when
/// too many files are registered at once (then nothing is registered).
int intake_partial_register(const char *path);

/// The file at `path` was finished or removed: it is no longer removed at exit.
void intake_partial_done(const char *path);

#endif
