"""`report.html`: one self-contained page per run (and one per `pitstop prove`)."""
