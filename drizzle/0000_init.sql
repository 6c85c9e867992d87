CREATE TABLE "authors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"abs_author_id" text,
	"asin" text,
	"favourite" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "book_authors" (
	"book_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "book_authors_book_id_author_id_pk" PRIMARY KEY("book_id","author_id")
);
--> statement-breakpoint
CREATE TABLE "book_series" (
	"book_id" uuid NOT NULL,
	"series_id" uuid NOT NULL,
	"sequence" text,
	CONSTRAINT "book_series_book_id_series_id_pk" PRIMARY KEY("book_id","series_id")
);
--> statement-breakpoint
CREATE TABLE "books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"abs_item_id" text,
	"abs_library_id" text,
	"title" text NOT NULL,
	"subtitle" text,
	"title_key" text NOT NULL,
	"asin" text,
	"isbn" text,
	"narrators" text[] DEFAULT '{}'::text[] NOT NULL,
	"publisher" text,
	"published_year" integer,
	"language" text,
	"genres" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text,
	"duration_seconds" double precision,
	"size_bytes" bigint,
	"path" text,
	"is_missing" boolean DEFAULT false NOT NULL,
	"removed_at" timestamp with time zone,
	"abs_added_at" timestamp with time zone,
	"abs_updated_at" timestamp with time zone,
	"sync_hash" text,
	"metadata_quality" real,
	"field_sources" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_corrected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"abs_series_id" text,
	"known_total" integer,
	"owned_count" integer DEFAULT 0 NOT NULL,
	"completion" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "downloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wanted_book_id" uuid,
	"release_id" uuid,
	"qbit_hash" text NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"state" text DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"save_path" text,
	"content_path" text,
	"import_path" text,
	"size_bytes" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"last_error" text,
	"completed_at" timestamp with time zone,
	"imported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failed_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wanted_book_id" uuid,
	"download_id" uuid,
	"stage" text NOT NULL,
	"attempt" integer NOT NULL,
	"error" text NOT NULL,
	"permanent" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metadata_corrections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"book_id" uuid NOT NULL,
	"task_run_id" uuid,
	"field" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"source" text NOT NULL,
	"confidence" real,
	"dry_run" boolean DEFAULT false NOT NULL,
	"applied" boolean DEFAULT false NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wanted_book_id" uuid NOT NULL,
	"source" text NOT NULL,
	"indexer" text,
	"guid" text NOT NULL,
	"title" text NOT NULL,
	"size_bytes" bigint,
	"seeders" integer,
	"leechers" integer,
	"format" text,
	"freeleech" boolean DEFAULT false NOT NULL,
	"info_url" text,
	"download_ref" text,
	"accepted" boolean DEFAULT false NOT NULL,
	"chosen" boolean DEFAULT false NOT NULL,
	"reason" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wanted_books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"state" text DEFAULT 'PENDING_APPROVAL' NOT NULL,
	"title" text NOT NULL,
	"subtitle" text,
	"authors" text[] DEFAULT '{}'::text[] NOT NULL,
	"narrators" text[] DEFAULT '{}'::text[] NOT NULL,
	"series_name" text,
	"series_sequence" text,
	"series_id" uuid,
	"author_id" uuid,
	"asin" text,
	"isbn" text,
	"published_year" integer,
	"duration_seconds" double precision,
	"language" text,
	"cover_url" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"requested_by" text,
	"approved_by" text,
	"decided_at" timestamp with time zone,
	"dedupe_key" text NOT NULL,
	"owned_book_id" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_cache" (
	"service" text NOT NULL,
	"cache_key" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb,
	"expires_at" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_cache_service_cache_key_pk" PRIMARY KEY("service","cache_key")
);
--> statement-breakpoint
CREATE TABLE "genre_settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"mam_category_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "genre_settings_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"batch_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"discord_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_budgets" (
	"service" text NOT NULL,
	"window_key" text NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rate_budgets_service_window_key_pk" PRIMARY KEY("service","window_key")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"error" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"delivery_key" text NOT NULL,
	"event_type" text NOT NULL,
	"ordering_key" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "book_authors" ADD CONSTRAINT "book_authors_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "book_authors" ADD CONSTRAINT "book_authors_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "book_series" ADD CONSTRAINT "book_series_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "book_series" ADD CONSTRAINT "book_series_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downloads" ADD CONSTRAINT "downloads_wanted_book_id_wanted_books_id_fk" FOREIGN KEY ("wanted_book_id") REFERENCES "public"."wanted_books"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "downloads" ADD CONSTRAINT "downloads_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_attempts" ADD CONSTRAINT "failed_attempts_wanted_book_id_wanted_books_id_fk" FOREIGN KEY ("wanted_book_id") REFERENCES "public"."wanted_books"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failed_attempts" ADD CONSTRAINT "failed_attempts_download_id_downloads_id_fk" FOREIGN KEY ("download_id") REFERENCES "public"."downloads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metadata_corrections" ADD CONSTRAINT "metadata_corrections_book_id_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_wanted_book_id_wanted_books_id_fk" FOREIGN KEY ("wanted_book_id") REFERENCES "public"."wanted_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wanted_books" ADD CONSTRAINT "wanted_books_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wanted_books" ADD CONSTRAINT "wanted_books_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wanted_books" ADD CONSTRAINT "wanted_books_owned_book_id_books_id_fk" FOREIGN KEY ("owned_book_id") REFERENCES "public"."books"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "authors_abs_author_id_uq" ON "authors" USING btree ("abs_author_id");--> statement-breakpoint
CREATE INDEX "authors_name_key_idx" ON "authors" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "book_authors_author_idx" ON "book_authors" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "book_series_series_idx" ON "book_series" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "books_abs_item_id_uq" ON "books" USING btree ("abs_item_id");--> statement-breakpoint
CREATE INDEX "books_asin_idx" ON "books" USING btree ("asin");--> statement-breakpoint
CREATE INDEX "books_isbn_idx" ON "books" USING btree ("isbn");--> statement-breakpoint
CREATE INDEX "books_title_key_idx" ON "books" USING btree ("title_key");--> statement-breakpoint
CREATE UNIQUE INDEX "series_abs_series_id_uq" ON "series" USING btree ("abs_series_id");--> statement-breakpoint
CREATE INDEX "series_name_key_idx" ON "series" USING btree ("name_key");--> statement-breakpoint
CREATE UNIQUE INDEX "downloads_qbit_hash_uq" ON "downloads" USING btree ("qbit_hash");--> statement-breakpoint
CREATE INDEX "downloads_state_idx" ON "downloads" USING btree ("state");--> statement-breakpoint
CREATE INDEX "failed_attempts_retention_idx" ON "failed_attempts" USING btree ("permanent","created_at");--> statement-breakpoint
CREATE INDEX "failed_attempts_wanted_idx" ON "failed_attempts" USING btree ("wanted_book_id");--> statement-breakpoint
CREATE INDEX "metadata_corrections_book_idx" ON "metadata_corrections" USING btree ("book_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_wanted_guid_uq" ON "releases" USING btree ("wanted_book_id","guid");--> statement-breakpoint
CREATE UNIQUE INDEX "wanted_books_dedupe_key_uq" ON "wanted_books" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "wanted_books_state_idx" ON "wanted_books" USING btree ("state","next_retry_at");--> statement-breakpoint
CREATE INDEX "api_cache_expires_idx" ON "api_cache" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_idempotency_key_uq" ON "notifications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "notifications_status_idx" ON "notifications" USING btree ("status","next_attempt_at","created_at");--> statement-breakpoint
CREATE INDEX "task_runs_job_started_idx" ON "task_runs" USING btree ("job","started_at");--> statement-breakpoint
CREATE INDEX "task_runs_started_idx" ON "task_runs" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_delivery_key_uq" ON "webhook_events" USING btree ("delivery_key");--> statement-breakpoint
CREATE INDEX "webhook_events_status_idx" ON "webhook_events" USING btree ("status","received_at");