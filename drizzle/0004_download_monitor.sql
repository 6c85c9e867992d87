ALTER TABLE "downloads" ADD COLUMN "download_speed_bps" bigint;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "eta_seconds" integer;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "seeds" integer;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "watch" jsonb;--> statement-breakpoint
ALTER TABLE "downloads" ADD COLUMN "torrent_file" text;