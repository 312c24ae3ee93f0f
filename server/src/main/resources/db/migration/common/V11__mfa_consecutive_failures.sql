-- Consecutive failures per member and factor, which only a success (or an unlock) clears: the
-- windowed count above restarts after each lock, so without this a guesser could go on for
-- ever at 5 guesses per lock. Locks grow with this count, and at 100 (NIST SP 800-63B, 5.2.2)
-- the factor stays locked until it is unlocked. Rows written before it count what their window
-- holds.
ALTER TABLE mfa_attempts ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
UPDATE mfa_attempts SET failures = attempts;
