CREATE TABLE "worker_heartbeats" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"roles" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task_runs" ADD COLUMN "process_id" text;--> statement-breakpoint
CREATE INDEX "worker_heartbeats_seen_idx" ON "worker_heartbeats" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "task_runs_running_idx" ON "task_runs" USING btree ("status") WHERE status = 'running';