-- Genres watched for MyAnonamouse's weekly top lists. Enabled by default: the popular fiction genres; the others are
-- there to be switched on from Discord or the CLI. ON CONFLICT keeps a user's choices when this runs on a copy.
INSERT INTO "genre_settings" ("name", "enabled") VALUES
  ('Science Fiction', true),
  ('Fantasy', true),
  ('Mystery', true),
  ('Thriller', true),
  ('Romance', false),
  ('Erotica', false),
  ('Self-Help', false)
ON CONFLICT ("name") DO NOTHING;
