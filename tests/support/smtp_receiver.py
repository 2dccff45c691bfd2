#!/usr/bin/python3
"""A real SMTP server for feedwatch's tests (aiosmtpd, Debian's python3-aiosmtpd).

Listens on 127.0.0.1 at an ephemeral port, written to --port-file once it
accepts connections. For every message it writes N.eml (the raw message) and
N.json (a summary parsed with Python's email package, policy=default) into
--out, the JSON last and atomically so a reader never sees half a summary.
Options add AUTH (LOGIN/PLAIN), STARTTLS, implicit TLS and failures.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult


def parse_arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--out", required=True, help="folder for N.eml and N.json")
    parser.add_argument("--user", help="require AUTH with this user ...")
    parser.add_argument("--password", help="... and this password")
    parser.add_argument("--cert", help="certificate (PEM) for STARTTLS or implicit TLS")
    parser.add_argument("--key", help="its private key (PEM)")
    parser.add_argument("--starttls", action="store_true", help="offer STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte")
    parser.add_argument("--fail-first", type=int, default=0,
                        help="answer 451 to the first N messages")
    parser.add_argument("--reject", action="store_true", help="answer 550 to every message")
    return parser.parse_args()


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.rename(temporary, path)


def part_summary(part):
    summary = {
        "content_type": part.get_content_type(),
        "charset": part.get_content_charset(),
        "transfer_encoding": part.get("Content-Transfer-Encoding"),
    }
    if part.get_content_maintype() == "text":
        summary["text"] = part.get_content().replace("\r\n", "\n")
    return summary


def raw_header_lines(raw, name):
    """The raw lines of header `name`, its folded continuation lines included."""
    lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    found = []
    for line in lines:
        if found and line[:1] in (b" ", b"\t") and found[-1] is not None:
            found.append(line.decode("ascii", "replace"))
        elif line.lower().startswith(name + b":"):
            found.append(line.decode("ascii", "replace"))
        elif found:
            break
    return found


def authenticated_user(session):
    login = getattr(session.auth_data, "login", None) or session.login_data
    return login.decode() if isinstance(login, bytes) else login


def summarise(raw, envelope, session, tls):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), str(value))
    parts = [part_summary(part) for part in message.walk() if not part.is_multipart()]
    lines = raw.split(b"\r\n")
    return {
        "envelope_from": envelope.mail_from,
        "envelope_to": list(envelope.rcpt_tos),
        "authenticated": bool(session.authenticated),
        "auth_user": authenticated_user(session),
        "tls": tls,
        "headers": headers,
        "header_counts": {name.lower(): len(message.get_all(name, [])) for name in message.keys()},
        "raw_subject_lines": raw_header_lines(raw, b"subject"),
        "content_type": message.get_content_type(),
        "parts": parts,
        "max_line_length": max(len(line) for line in lines),
        "max_body_line_length": max(len(line) for line in raw.split(b"\r\n\r\n", 1)[-1].split(b"\r\n")),
        "bare_lf": b"\n" in raw.replace(b"\r\n", b""),
        "defects": [str(defect) for part in message.walk() for defect in part.defects],
    }


class Handler:
    def __init__(self, arguments):
        self.arguments = arguments
        self.count = 0  # messages that reached the end of DATA

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.arguments.reject:
            return "550 5.7.1 message rejected by test server"
        if self.count <= self.arguments.fail_first:
            return "451 4.3.0 try again later (test server)"
        raw = envelope.original_content or envelope.content
        number = len([name for name in os.listdir(self.arguments.out) if name.endswith(".json")])
        base = os.path.join(self.arguments.out, "%03d" % (number + 1))
        write_atomically(base + ".eml", raw)
        # session.ssl covers STARTTLS; implicit TLS shows on the transport.
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        summary = summarise(raw, envelope, session, tls)
        write_atomically(base + ".json", json.dumps(summary, indent=1).encode())
        return "250 OK"


def authenticator_for(arguments):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login.decode() == arguments.user and
              auth_data.password.decode() == arguments.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return authenticate


def tls_context(arguments):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    return context


async def serve(arguments):
    handler = Handler(arguments)
    options = {"hostname": "feedwatch-test", "auth_require_tls": False}
    if arguments.user is not None:
        options["authenticator"] = authenticator_for(arguments)
        options["auth_required"] = True
    if arguments.starttls:
        options["tls_context"] = tls_context(arguments)
    implicit = tls_context(arguments) if arguments.implicit_tls else None
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", 0,
                                      ssl=implicit)
    port = server.sockets[0].getsockname()[1]
    write_atomically(arguments.port_file, str(port).encode())
    stop = asyncio.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    await stop.wait()
    server.close()


def main():
    arguments = parse_arguments()
    os.makedirs(arguments.out, exist_ok=True)
    asyncio.run(serve(arguments))
    return 0


if __name__ == "__main__":
    sys.exit(main())
