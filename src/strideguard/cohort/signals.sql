-- strideguard cohort signals: session spike, weekly change, acute:chronic ratio (EWMA) and monotony
-- for every runner and day, from the Parquet files of `strideguard cohort export`.
--
-- Plain SQL (joins, window functions, POWER), the same text in DuckDB and Spark SQL. Before running it,
-- make the export's two files visible as the tables `daily` and `runs`:
--   DuckDB: CREATE VIEW daily AS SELECT * FROM read_parquet('DIR/daily.parquet');  (and runs)
--   Spark:  spark.read.parquet("DIR/daily.parquet").createOrReplaceTempView("daily")  (and runs)
-- The numbers equal strideguard's own (strideguard.load; tests/cohort/test_duckdb.py). Parameters
-- from knowledge/signals.yaml: {params}
--
-- The acute and chronic loads are EWMAs of daily running km, x_t = x_(t-1) + k (km_t - x_(t-1)), from 0
-- the day before the first run, written as their closed form k * SUM(km_i * (1 - k)^(t - i)) over the
-- last {horizon} days (older days weigh less than 1e-15 of the newest).
WITH
last_run_of_day AS (
  SELECT runner, day_number, distance_km
  FROM (
    SELECT runner, day_number, distance_km,
           ROW_NUMBER() OVER (PARTITION BY runner, day_number ORDER BY seq DESC) AS newest
    FROM runs
    WHERE distance_km > 0
  ) ranked
  WHERE newest = 1
),
spike_by_run_day AS (
  SELECT r.runner, r.day_number, r.distance_km, MAX(p.distance_km) AS longest_km
  FROM last_run_of_day r
  LEFT JOIN runs p
    ON p.runner = r.runner AND p.distance_km > 0
   AND p.day_number BETWEEN r.day_number - {spike_window} AND r.day_number - 1
  GROUP BY r.runner, r.day_number, r.distance_km
),
ewma AS (
  SELECT a.runner, a.day_number,
         {acute_k} * SUM(b.distance_km * POWER(1 - {acute_k}, a.day_number - b.day_number)) AS acute_km,
         {chronic_k} * SUM(b.distance_km * POWER(1 - {chronic_k}, a.day_number - b.day_number)) AS chronic_km
  FROM daily a
  JOIN daily b ON b.runner = a.runner AND b.day_number BETWEEN a.day_number - {horizon} AND a.day_number
  GROUP BY a.runner, a.day_number
),
windows AS (
  SELECT d.runner, d.day_number, d.distance_km,
         MIN(d.day_number) OVER (PARTITION BY d.runner) AS first_day,
         SUM(d.distance_km) OVER (PARTITION BY d.runner ORDER BY d.day_number
                                  ROWS BETWEEN {week_last} PRECEDING AND CURRENT ROW) AS this_week_km,
         SUM(d.distance_km) OVER (PARTITION BY d.runner ORDER BY d.day_number
                                  ROWS BETWEEN {week_prev_first} PRECEDING AND {week_prev_last} PRECEDING) AS previous_week_km,
         AVG(d.distance_km) OVER (PARTITION BY d.runner ORDER BY d.day_number
                                  ROWS BETWEEN {mono_last} PRECEDING AND CURRENT ROW) AS mono_mean,
         STDDEV_POP(d.distance_km) OVER (PARTITION BY d.runner ORDER BY d.day_number
                                  ROWS BETWEEN {mono_last} PRECEDING AND CURRENT ROW) AS mono_sd,
         MAX(CASE WHEN s.day_number IS NOT NULL THEN d.day_number END)
             OVER (PARTITION BY d.runner ORDER BY d.day_number ROWS UNBOUNDED PRECEDING) AS latest_run_day
  FROM daily d
  LEFT JOIN spike_by_run_day s ON s.runner = d.runner AND s.day_number = d.day_number
)
SELECT w.runner,
       w.day_number,
       w.distance_km,
       s.distance_km / s.longest_km - 1 AS session_spike,
       CASE WHEN w.previous_week_km > 0 THEN w.this_week_km / w.previous_week_km - 1 END AS weekly_change,
       CASE WHEN w.day_number - w.first_day + 1 >= {min_history_days} AND e.chronic_km > 0
            THEN e.acute_km / e.chronic_km END AS acute_chronic_ratio,
       CASE WHEN w.day_number - w.first_day >= {mono_last} AND w.mono_mean > 0 AND w.mono_sd > 0
            THEN w.mono_mean / w.mono_sd END AS monotony,
       e.acute_km,
       e.chronic_km
FROM windows w
JOIN ewma e ON e.runner = w.runner AND e.day_number = w.day_number
LEFT JOIN spike_by_run_day s ON s.runner = w.runner AND s.day_number = w.latest_run_day
ORDER BY w.runner, w.day_number
