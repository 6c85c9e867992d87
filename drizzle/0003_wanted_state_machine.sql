CREATE TABLE "release_blocklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wanted_book_id" uuid NOT NULL,
	"key" text NOT NULL,
	"info_hash" text,
	"indexer" text,
	"guid" text,
	"title" text,
	"release_id" uuid,
	"reason" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wanted_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wanted_book_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"event" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text,
	"stage" text,
	"due_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "wanted_transitions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1)
);
--> statement-breakpoint
ALTER TABLE "failed_attempts" ADD COLUMN "error_type" text DEFAULT 'error' NOT NULL;--> statement-breakpoint
ALTER TABLE "wanted_books" ADD COLUMN "release_date" date;--> statement-breakpoint
ALTER TABLE "wanted_books" ADD COLUMN "retry_stage" text;--> statement-breakpoint
ALTER TABLE "release_blocklist" ADD CONSTRAINT "release_blocklist_wanted_book_id_wanted_books_id_fk" FOREIGN KEY ("wanted_book_id") REFERENCES "public"."wanted_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_blocklist" ADD CONSTRAINT "release_blocklist_release_id_releases_id_fk" FOREIGN KEY ("release_id") REFERENCES "public"."releases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wanted_transitions" ADD CONSTRAINT "wanted_transitions_wanted_book_id_wanted_books_id_fk" FOREIGN KEY ("wanted_book_id") REFERENCES "public"."wanted_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "release_blocklist_book_key_uq" ON "release_blocklist" USING btree ("wanted_book_id","key");--> statement-breakpoint
CREATE INDEX "wanted_transitions_book_idx" ON "wanted_transitions" USING btree ("wanted_book_id","seq");