"""Issues and checks PVE tickets, CSRF tokens and API tokens."""

import base64
import hashlib
import hmac
import secrets
import threading
import time
import uuid

TICKET_LIFETIME = 7200
CLOCK_GRACE = 300


class AuthError(Exception):
    """An authentication failure; the message is the 401 reason phrase."""


def new_secrets():
    """Fresh credentials for a new state folder."""
    return {
        "user": "root@pam",
        "password": secrets.token_urlsafe(18),
        "token_name": "classcloud",
        "token_secret": str(uuid.uuid4()),
        "key": secrets.token_hex(32),
    }


def b64_nopad(raw):
    return base64.b64encode(raw).decode().rstrip("=")


class Auth:
    """Ticket and token logic bound to the persisted secrets."""

    def __init__(self, creds, time_factor, style):
        self.creds = creds
        self.time_factor = time_factor
        self.style = style
        self.lock = threading.Lock()

    @property
    def token_id(self):
        return "%s!%s" % (self.creds["user"], self.creds["token_name"])

    def sign(self, text):
        key = bytes.fromhex(self.creds["key"])
        return hmac.new(key, text.encode(), hashlib.sha256).digest()

    def lifetime(self):
        return TICKET_LIFETIME * self.time_factor

    def invalidate_all(self):
        """Rotates the signing key so every issued ticket stops working."""
        with self.lock:
            self.creds["key"] = secrets.token_hex(32)

    def login(self, username, password, realm=None):
        """Returns the user id on success, None on any failure."""
        if realm and "@" not in username:
            username = "%s@%s" % (username, realm)

        if username != self.creds["user"]:
            return None

        if hmac.compare_digest(password, self.creds["password"]):
            return username

        # A still-valid ticket works as password: that is ticket renewal.
        try:
            return self.check_ticket(password) if password.startswith(
                "PVE:") else None
        except AuthError:
            return None

    def make_ticket(self, user):
        stamp = "%08X" % int(time.time())
        plain = "PVE:%s:%s" % (user, stamp)
        sig = base64.b64encode(self.sign(plain) + self.sign(plain + "2"))
        return "%s::%s" % (plain, sig.decode())

    def bad_ticket_text(self):
        if self.style == "9.1":
            return "Authentication failed!"
        return "permission denied - invalid PVE ticket"

    def check_ticket(self, ticket):
        """Returns the user of a valid ticket or raises AuthError."""
        parts = ticket.split(":")
        if len(parts) != 5 or parts[0] != "PVE" or parts[3] != "":
            raise AuthError(self.bad_ticket_text())

        plain = ":".join(parts[:3])
        try:
            sig = base64.b64decode(parts[4], validate=True)
            stamp = int(parts[2], 16)
        except ValueError:
            raise AuthError(self.bad_ticket_text()) from None

        expect = self.sign(plain) + self.sign(plain + "2")
        if not hmac.compare_digest(sig, expect):
            raise AuthError(self.bad_ticket_text())

        age = time.time() - stamp
        if age > self.lifetime() or age < -CLOCK_GRACE:
            raise AuthError(self.bad_ticket_text())

        return parts[1]

    def make_csrf(self, user):
        stamp = "%08X" % int(time.time())
        return "%s:%s" % (stamp, b64_nopad(self.sign(stamp + ":" + user)))

    def check_csrf(self, user, token):
        text = "Permission denied - invalid csrf token"
        if not token or ":" not in token:
            raise AuthError(text)

        stamp, sig = token.split(":", 1)
        expect = b64_nopad(self.sign(stamp + ":" + user))
        if not hmac.compare_digest(sig, expect):
            raise AuthError(text)

        try:
            age = time.time() - int(stamp, 16)
        except ValueError:
            raise AuthError(text) from None
        if age > self.lifetime() or age < -CLOCK_GRACE:
            raise AuthError(text)

    def check_token(self, value):
        """Checks `user@realm!name=secret`; returns the full token id."""
        value = value.strip()
        if "=" in value.split(" ")[0]:
            ident, secret = value.split("=", 1)
        else:
            ident, _, secret = value.partition(" ")

        user, _, name = ident.partition("!")
        expected = self.token_secret(ident)
        if expected is None:
            self.refuse("no such token '%s' for user '%s'" % (name, user))

        if not hmac.compare_digest(secret.strip(), expected):
            self.refuse("invalid token value!")

        return ident

    def token_secret(self, ident):
        """Secret of the main or a created token; None if unknown/expired."""
        if ident == self.token_id:
            return self.creds["token_secret"]

        token = self.creds.get("tokens", {}).get(ident)
        if token is None:
            return None
        if token.get("expire") and token["expire"] < time.time():
            return None
        return token["secret"]

    def refuse(self, old_text):
        """PVE >= 9.1.5 answers every token failure with one text."""
        if self.style == "9.1":
            raise AuthError("Authentication failed!")
        raise AuthError(old_text)
