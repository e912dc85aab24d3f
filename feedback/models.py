"""We asked, you said, we did."""
