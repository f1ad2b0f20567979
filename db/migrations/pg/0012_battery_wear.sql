CREATE TABLE "battery_daily" (
	"terminal_id" integer NOT NULL,
	"day_start" bigint NOT NULL,
	"off_ms" bigint DEFAULT 0 NOT NULL,
	"drop_pts" integer DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"charging_beats" integer DEFAULT 0 NOT NULL,
	"beats" integer DEFAULT 0 NOT NULL,
	"min_pct" integer,
	"first_trade_min" integer,
	"last_trade_min" integer,
	CONSTRAINT "battery_daily_terminal_id_day_start_pk" PRIMARY KEY("terminal_id","day_start")
);
--> statement-breakpoint
CREATE TABLE "battery_wear" (
	"terminal_id" integer PRIMARY KEY NOT NULL,
	"computed_at" bigint NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"days" integer DEFAULT 0 NOT NULL,
	"origin_day" bigint,
	"rate_per_hour" double precision,
	"slope_per_day" double precision,
	"intercept_rate" double precision,
	"threshold_rate" double precision,
	"trading_hours" double precision,
	"predicted_at" bigint,
	"earliest_at" bigint,
	"latest_at" bigint
);
--> statement-breakpoint
CREATE INDEX "battery_daily_day_start_idx" ON "battery_daily" USING btree ("day_start");--> statement-breakpoint
CREATE INDEX "battery_wear_predicted_at_idx" ON "battery_wear" USING btree ("predicted_at");--> statement-breakpoint
CREATE INDEX "battery_wear_computed_at_idx" ON "battery_wear" USING btree ("computed_at");