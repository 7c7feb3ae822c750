"""The client layer: settings, remembered logins, :func:`connect`, the connection check, reports, stubs."""
