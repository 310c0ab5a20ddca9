"""Shared pieces of the API handlers: errors, caller, version data."""

VERSIONS = {
    "9.1": {"version": "9.1.5", "release": "9.1", "repoid": "7b3b6b2a",
            "pveversion": "pve-manager/9.1.5/7b3b6b2a",
            "kernel": "6.17.2-1-pve", "qemu": "10.1.2"},
    "8.4": {"version": "8.4.1", "release": "8.4", "repoid": "2a5fa54a",
            "pveversion": "pve-manager/8.4.1/2a5fa54a",
            "kernel": "6.8.12-9-pve", "qemu": "9.2.0"},
    "7.4": {"version": "7.4-16", "release": "7.4", "repoid": "0f39f621",
            "pveversion": "pve-manager/7.4-16/0f39f621",
            "kernel": "5.15.108-1-pve", "qemu": "8.0.2"},
}

NOT_CONFIG = {"node", "vmid", "delete", "revert", "digest", "skiplock",
              "background_delay", "force"}

CAPS = {
    "vms": ["VM.Allocate", "VM.Audit", "VM.Clone", "VM.Config.CDROM",
            "VM.Config.CPU", "VM.Config.Cloudinit", "VM.Config.Disk",
            "VM.Config.HWType", "VM.Config.Memory", "VM.Config.Network",
            "VM.Config.Options", "VM.Console", "VM.Migrate", "VM.PowerMgmt",
            "VM.Snapshot", "VM.Snapshot.Rollback", "VM.Backup",
            "Permissions.Modify"],
    "storage": ["Datastore.Allocate", "Datastore.AllocateSpace",
                "Datastore.AllocateTemplate", "Datastore.Audit",
                "Permissions.Modify"],
    "nodes": ["Sys.Audit", "Sys.Console", "Sys.Incoming", "Sys.Modify",
              "Sys.PowerMgmt", "Sys.Syslog", "Permissions.Modify"],
    "access": ["Group.Allocate", "User.Modify", "Permissions.Modify"],
    "dc": ["SDN.Allocate", "SDN.Audit", "SDN.Use", "Sys.Audit"],
    "sdn": ["SDN.Allocate", "SDN.Audit", "SDN.Use", "Permissions.Modify"],
}

class ApiError(Exception):
    """An API answer other than 200: status, reason text, errors map."""

    def __init__(self, status, message, errors=None, body=True):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.body = body


def fail(message):
    raise ApiError(500, message)


def param_error(name, message):
    raise ApiError(400, "Parameter verification failed.", {name: message})


class Request:
    """What a handler knows about the caller."""

    def __init__(self, user, via_token):
        self.user = user
        self.via_token = via_token
