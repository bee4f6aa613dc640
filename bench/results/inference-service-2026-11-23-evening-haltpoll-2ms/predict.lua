-- POST one MNIST row (written by InferenceBench) to the predict endpoint
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("/tmp/infbench-haltpoll2ms/body.json", "r")
wrk.body = f:read("*a")
f:close()
