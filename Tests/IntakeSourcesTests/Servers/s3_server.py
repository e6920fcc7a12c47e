#!/usr/bin/env python3
"""Runs moto's S3 server on 127.0.0.1 for the S3 tests, with signature checking on.

Usage: s3_server.py DATA_FILE
Starts moto in server mode on a free port with its IAM authentication enabled, creates a user
with an access key allowed to read S3, creates the bucket `intake-test` and puts DATA_FILE in it
as exports/accounts.csv and daily/accounts-2026-11-25.csv (plus an older, one-row day), prints one JSON line (port, access key, secret), and stops when its standard
input closes (the test closes it at teardown, or the test process dies).
"""
import contextlib
import json
import os
import socket
import sys
import time

# moto lets this many requests through unauthenticated, then checks every signature: the three
# IAM calls below that create the user and its key.
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the JSON line
        server.start()
    endpoint = f"http://127.0.0.1:{port}"
    anonymous = dict(endpoint_url=endpoint, aws_access_key_id="setup", aws_secret_access_key="setup", region_name="us-east-1")
    iam = boto3.client("iam", **anonymous)
    iam.create_user(UserName="intake")
    key = iam.create_access_key(UserName="intake")["AccessKey"]
    iam.put_user_policy(UserName="intake", PolicyName="s3", PolicyDocument=POLICY)
    s3 = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
        region_name="us-east-1")
    s3.create_bucket(Bucket="intake-test")
    data = open(sys.argv[1], "rb").read()
    older = b"\n".join(data.split(b"\n")[:2]) + b"\n"
    objects = {"daily/accounts-2026-11-24.csv": older, "exports/accounts.csv": data, "daily/accounts-2026-11-25.csv": data}
    for name, body in objects.items():
        s3.put_object(Bucket="intake-test", Key=name, Body=body)
        time.sleep(1.1)  # S3 LastModified has one-second precision; newest must be unambiguous.
    print(json.dumps({"port": port, "access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}), flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
