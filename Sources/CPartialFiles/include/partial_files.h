#ifndef INTAKE_PARTIAL_FILES_H
#define INTAKE_PARTIAL_FILES_H

/// Opens a new file with no name in `directory` for writing (O_TMPFILE), mode 0600: it never
/// outlives the process, however the process ends, until `intake_link_unnamed` names it.
/// Returns the descriptor, or -1 with errno set (EOPNOTSUPP, EISDIR, EINVAL: the file system
/// cannot; then use a named file and `intake_partial_register`).
int intake_open_unnamed(const char *directory);

/// Gives the unnamed file open as `fd` the name `path`, which must not exist. Returns 0, or
/// -1 with errno set.
int intake_link_unnamed(int fd, const char *path);

/// Registers `path`, a file being written, to be removed if the process exits, or is stopped
/// by SIGINT, SIGTERM or SIGHUP, before `intake_partial_done(path)`. Returns 0, or -1 when
/// too many files are registered at once or the path is too long (then nothing is registered).
int intake_partial_register(const char *path);

/// The file at `path` was finished or removed: it is no longer removed at exit.
void intake_partial_done(const char *path);

#endif
