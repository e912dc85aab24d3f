"""Views: public pages, staff pages (building and running), results."""
