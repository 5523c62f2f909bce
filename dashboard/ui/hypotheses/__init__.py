"""The Hypotheses page, by part: `data` (what one run reads, shared labels), `view` (focus, list,
detail, calibration, bets let go), `forms` (the guided form, status, delete) and `learnings`."""
