#!/usr/bin/env python3
"""Runs OpenSSH's sshd on 127.0.0.1 for the SFTP tests, with throw-away keys.

Usage: sftp_server.py WORKDIR
Generates a host key, a user key and a second ("wrong") user key under WORKDIR, writes a
known_hosts file for the host key, starts `sshd -D -e` on a free port serving SFTP only, prints
one JSON line describing all of it, and stops sshd when its standard input closes (the test
closes it at teardown, or the test process dies). Files to serve go under WORKDIR/root; no
chroot, because sshd refuses one below a world-writable folder such as /tmp.
"""
import json
import os
import pwd
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path, kind="ed25519"):
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", path], check=True)


def main():
    work = os.path.abspath(sys.argv[1])
    root = os.path.join(work, "root")
    os.makedirs(os.path.join(root, "data"), exist_ok=True)
    host_key, user_key, wrong_key = (os.path.join(work, n) for n in ("host_key", "user_key", "wrong_key"))
    for path in (host_key, user_key, wrong_key):
        keygen(path)
    authorized = os.path.join(work, "authorized_keys")
    with open(user_key + ".pub") as public, open(authorized, "w") as out:
        out.write(public.read())
    os.chmod(authorized, 0o600)
    port = free_port()
    with open(host_key + ".pub") as public:
        kind, key = public.read().split()[:2]
    known_hosts = os.path.join(work, "known_hosts")
    with open(known_hosts, "w") as out:
        out.write(f"[127.0.0.1]:{port} {kind} {key}\n")
    other_hosts = os.path.join(work, "other_known_hosts")
    with open(wrong_key + ".pub") as public:
        kind2, key2 = public.read().split()[:2]
    with open(other_hosts, "w") as out:
        out.write(f"[127.0.0.1]:{port} {kind2} {key2}\n")
    user = pwd.getpwuid(os.getuid()).pw_name
    config = os.path.join(work, "sshd_config")
    with open(config, "w") as out:
        out.write(
            f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {os.path.join(work, "sshd.pid")}
AuthorizedKeysFile {authorized}
PermitRootLogin yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
ForceCommand internal-sftp
"""
        )
    os.makedirs("/run/sshd", exist_ok=True)
    sshd = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", config], stderr=open(os.path.join(work, "sshd.log"), "w"))
    deadline = time.time() + 10
    while True:
        if sshd.poll() is not None:
            sys.stderr.write(open(os.path.join(work, "sshd.log")).read())
            sys.exit(f"sshd exited with status {sshd.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.time() > deadline:
                sshd.kill()
                sys.exit("sshd did not listen within 10 seconds")
            time.sleep(0.05)
    print(json.dumps({
        "port": port, "user": user, "root": root, "user_key": user_key, "wrong_key": wrong_key,
        "known_hosts": known_hosts, "other_known_hosts": other_hosts,
    }), flush=True)
    try:
        sys.stdin.read()
    finally:
        sshd.terminate()
        sshd.wait(5)


if __name__ == "__main__":
    main()
