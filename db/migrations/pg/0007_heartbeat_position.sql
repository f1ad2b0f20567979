ALTER TABLE "heartbeats" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "heartbeats" ADD COLUMN "lon" double precision;