"""`pitstop prove`: break a project on purpose and show that every gate turns red."""
