-- What the last attempt of a chat delivery came to, as a short code the delivery log says in the reader's language
-- (see ChatOutcomes): the platform's raw answer stays in response_status and response_body, and last_error keeps an
-- English line for /health and the server's log. A delivery whose channel was switched off while it waited is
-- 'dropped' (outcome 'channel-off'), not sent when the channel is switched on again.
ALTER TABLE chat_deliveries ADD COLUMN outcome TEXT;
UPDATE chat_deliveries SET status = 'dropped', outcome = 'channel-off', last_error = 'the channel was switched off'
WHERE status = 'queued' AND channel_id IN (SELECT id FROM chat_channels WHERE enabled = 0);
CREATE INDEX chat_deliveries_channel ON chat_deliveries (channel_id, id);
