-- Insights sum the complaints of each month from the hourly counts: a range of hours across every channel, which the
-- primary key (channel first) cannot find without reading the whole table once per month. Covering, so the sums never
-- touch the table.
CREATE INDEX case_hourly_counts_hour ON case_hourly_counts (hour, channel, count);
