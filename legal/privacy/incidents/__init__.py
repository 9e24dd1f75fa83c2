"""The breach register: incidents, the reports to the Commission and their due dates, notices to the
people affected, and the admin pages of incident managers."""
