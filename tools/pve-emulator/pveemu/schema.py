"""Validates request parameters against the official PVE schema subset."""

import json
import re

MSG_UNKNOWN = ("property is not defined in schema and the schema does not "
               "allow additional properties")
MSG_MISSING = "property is missing and it is not optional"

RE_INT = re.compile(r"^[+-]?\d+$")
RE_NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

# Named formats: regex and the message Proxmox dies with.
NAMED_FORMATS = {
    "pve-vmid": (r"^[1-9][0-9]{2,8}$",
                 "value does not look like a valid VM ID"),
    "pve-node": (r"^[a-zA-Z0-9]([a-zA-Z0-9\-]*[a-zA-Z0-9])?$",
                 "value does not look like a valid node name"),
    "pve-storage-id": (r"^[a-z][a-z0-9\-_.]*[a-z0-9]$",
                       "storage ID '{v}' contains illegal characters"),
    "pve-configid": (r"^[a-z][a-z0-9_-]+$",
                     "invalid configuration ID '{v}'"),
    "pve-poolid": (r"^[A-Za-z][A-Za-z0-9\-_]+$",
                   "pool name must start with a letter"),
    "dns-name": (r"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?\.)*"
                 r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]*[a-zA-Z0-9])?$",
                 "value does not look like a valid DNS name"),
    "mac-addr": (r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$",
                 "value does not look like a valid MAC address"),
    "pve-bridge-id": (r"^[-_.\w\d]+$", "invalid bridge ID"),
}
LIST_FORMATS = {"pve-configid-list": "pve-configid",
                "pve-vmid-list": "pve-vmid",
                "pve-storage-id-list": "pve-storage-id"}


class Endpoint:
    """One path+method of the schema with its compiled path pattern."""

    def __init__(self, method, path, schema):
        self.method = method
        self.path = path
        self.schema = schema
        self.params = schema.get("parameters", {}).get("properties", {})
        self.allowtoken = schema.get("allowtoken", 1)
        self.proxyto = schema.get("proxyto")
        self.placeholders = re.findall(r"\{(\w+)\}", path)
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path)
        self.regex = re.compile("^" + pattern + "$")


class Schema:
    """The loaded api-subset file: endpoint lookup and validation."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)

        self.endpoints = [Endpoint(e["method"], e["path"], e["schema"])
                          for e in data["endpoints"]]

    def find(self, method, path):
        """Returns (endpoint, path params), or (None, None) if unknown."""
        for endpoint in self.endpoints:
            if endpoint.method != method:
                continue

            match = endpoint.regex.match(path)
            if match:
                return endpoint, match.groupdict()

        return None, None

    def has(self, method, path):
        return any(e.method == method and e.path == path
                   for e in self.endpoints)


def lookup_spec(properties, name):
    """Finds the spec for name, mapping net0 onto the `net[n]` entry."""
    if name in properties:
        return properties[name]

    match = re.match(r"^([a-z]+)(\d+)$", name)
    if match and match.group(1) + "[n]" in properties:
        return properties[match.group(1) + "[n]"]

    return None


def validate(endpoint, params):
    """Checks and converts params; returns (values, errors dict)."""
    values = {}
    errors = {}
    properties = endpoint.params

    for name, raw in params.items():
        spec = lookup_spec(properties, name)
        if spec is None:
            errors[name] = MSG_UNKNOWN
            continue

        value, error = check_value(name, spec, raw)
        if error:
            errors[name] = error
        else:
            values[name] = value

    for name, spec in properties.items():
        if "[n]" in name or spec.get("optional"):
            continue
        if name not in params and name not in errors:
            errors[name] = MSG_MISSING

    return values, errors


def check_value(name, spec, raw):
    """Validates one parameter; returns (converted value, error or None)."""
    kind = spec.get("type", "string")
    fmt = spec.get("format")

    if isinstance(raw, list):
        if kind == "array":
            return raw, None
        if isinstance(fmt, str) and fmt.endswith("-list"):
            raw = ",".join(str(item) for item in raw)
        else:
            return None, "type check ('%s') failed - got ARRAY" % kind

    if kind == "array":
        return [raw], None

    value, error = check_type(kind, raw)
    if error:
        return None, error

    error = check_format(name, fmt, value)
    if error:
        return None, error

    return value, check_limits(spec, value)


def check_type(kind, raw):
    """Converts raw (form string or JSON scalar) to the schema type."""
    if kind == "boolean":
        if raw is True or raw is False:
            return int(raw), None
        if str(raw) in ("0", "1"):
            return int(raw), None
        return None, "type check ('boolean') failed - got '%s'" % raw

    if kind == "integer":
        if isinstance(raw, bool) or not RE_INT.match(str(raw)):
            return None, "type check ('integer') failed - got '%s'" % raw
        return int(raw), None

    if kind == "number":
        if isinstance(raw, bool) or not RE_NUM.match(str(raw)):
            return None, "type check ('number') failed - got '%s'" % raw
        return float(raw), None

    if isinstance(raw, (dict, list)):
        return None, "type check ('string') failed - got HASH"

    return str(raw), None


def check_limits(spec, value):
    """Checks minimum, maximum, lengths, enum and pattern."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in spec and value < float(spec["minimum"]):
            return "value must have a minimum value of %s" % spec["minimum"]
        if "maximum" in spec and value > float(spec["maximum"]):
            return "value must have a maximum value of %s" % spec["maximum"]

    text = str(value)
    if "maxLength" in spec and len(text) > int(spec["maxLength"]):
        return "value may only be %s characters long" % spec["maxLength"]
    if "minLength" in spec and len(text) < int(spec["minLength"]):
        return "value must be at least %s characters long" % spec["minLength"]

    if "enum" in spec and text not in [str(e) for e in spec["enum"]]:
        return ("value '%s' does not have a value in the enumeration '%s'"
                % (text, ", ".join(str(e) for e in spec["enum"])))

    if "pattern" in spec:
        # Perl spells a non-capturing group with default flags "(?^:".
        pattern = spec["pattern"].replace("(?^:", "(?:")
        if not re.match("^(?:%s)$" % pattern, text):
            return "value does not match the regex pattern"

    return None


def check_format(name, fmt, value):
    """Checks a named format or an inline property-string format."""
    if fmt is None:
        return None

    if isinstance(fmt, dict):
        return check_property_string(name, fmt, str(value))

    if fmt in LIST_FORMATS:
        for item in re.split(r"[,;\s]+", str(value).strip()):
            if item and check_named(LIST_FORMATS[fmt], item):
                return check_named(LIST_FORMATS[fmt], item)
        return None

    return check_named(fmt, str(value))


def check_named(fmt, text):
    if fmt not in NAMED_FORMATS:
        return None

    pattern, message = NAMED_FORMATS[fmt]
    if re.match(pattern, text):
        return None

    return "invalid format - %s\n" % message.format(v=text)


def parse_property_string(fmt, text):
    """Splits `a=b,c` into a dict, resolving default_key and keyAlias."""
    default_key = next((k for k, v in fmt.items()
                        if isinstance(v, dict) and v.get("default_key")),
                       None)
    result = {}

    for part in [p for p in text.split(",") if p != ""]:
        if "=" not in part:
            if default_key is None or default_key in result:
                raise ValueError("value without key, but schema does not "
                                 "define a default key")
            result[default_key] = part
            continue

        key, val = part.split("=", 1)
        spec = fmt.get(key)
        if isinstance(spec, dict) and spec.get("keyAlias"):
            result[spec["keyAlias"]] = key
            key = spec["alias"]
        elif isinstance(spec, dict) and spec.get("alias"):
            key = spec["alias"]

        if key in result:
            raise ValueError("duplicate key in comma-separated list "
                             "property: %s" % key)
        result[key] = val

    return result


def check_property_string(name, fmt, text):
    """Validates each sub-key of a property string the way PVE reports."""
    try:
        parsed = parse_property_string(fmt, text)
    except ValueError as err:
        return "invalid format - %s\n" % err

    problems = []
    for key, val in parsed.items():
        spec = fmt.get(key)
        if not isinstance(spec, dict) or "type" not in spec:
            if key in fmt and fmt[key].get("keyAlias") is None:
                continue
            problems.append("%s.%s: %s" % (name, key, MSG_UNKNOWN))
            continue

        _, error = check_value(key, spec, val)
        if error:
            problems.append("%s.%s: %s" % (name, key, error.rstrip("\n")))

    for key, spec in fmt.items():
        if not isinstance(spec, dict) or "type" not in spec:
            continue
        if not spec.get("optional") and key not in parsed:
            problems.append("%s.%s: %s" % (name, key, MSG_MISSING))

    if not problems:
        return None

    return "invalid format - format error\n%s\n\n" % "\n".join(problems)
