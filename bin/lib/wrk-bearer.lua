-- wrk script: every request carries the bearer token of CENSUS_BENCH_TOKEN (the baseline run on a
-- trivial endpoint, so that both runs pay for the same authentication).
local token = os.getenv("CENSUS_BENCH_TOKEN")
wrk.headers["Authorization"] = "Bearer " .. token
