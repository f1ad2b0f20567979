CREATE TABLE "terminal_clock" (
	"terminal_id" integer PRIMARY KEY NOT NULL,
	"agent_id" integer NOT NULL,
	"since" bigint NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "terminal_clock_since_idx" ON "terminal_clock" USING btree ("since","terminal_id");--> statement-breakpoint
CREATE INDEX "terminal_clock_agent_id_sold_since_idx" ON "terminal_clock" USING btree ("agent_id","sold","since");