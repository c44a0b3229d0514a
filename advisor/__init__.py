"""Role Advisor: grounded, cited answers about the roles in an organisation's own documents."""

__version__ = "0.1.0"
