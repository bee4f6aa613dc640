-- POST one MNIST row (written by InferenceBench) to the predict endpoint; each connection waits 9 ms between requests
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("/tmp/infbench-default/body.json", "r")
wrk.body = f:read("*a")
f:close()
function delay()
  return 9
end
