-- wrk script: GET /api/v1/locate at uniformly random points of the lon/lat box CENSUS_BENCH_BBOX
-- (minLon,minLat,maxLon,maxLat), with the bearer token of CENSUS_BENCH_TOKEN.
local token = os.getenv("CENSUS_BENCH_TOKEN")
local box = {}
for v in string.gmatch(os.getenv("CENSUS_BENCH_BBOX"), "[^,]+") do
  box[#box + 1] = tonumber(v)
end
wrk.headers["Authorization"] = "Bearer " .. token

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

function request()
  local lon = box[1] + math.random() * (box[3] - box[1])
  local lat = box[2] + math.random() * (box[4] - box[2])
  return wrk.format("GET", string.format("/api/v1/locate?lon=%.7f&lat=%.7f", lon, lat))
end
