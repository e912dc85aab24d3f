"""Pages of alerts: public (subscribe, manage, reply, contact) and staff (messages, inbox, reports)."""
