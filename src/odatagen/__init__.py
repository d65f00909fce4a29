"""odatagen: typed Python packages from OData CSDL and Microsoft Graph documentation."""

__version__ = "0.1.0"
