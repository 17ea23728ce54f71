#!/usr/bin/env bash
# Zeppelin's launcher for one interpreter process, reduced to what %journey needs: Zeppelin calls
# it with -d <interpreter dir> -c <callback host> -p <callback port> -r <port range>
# -i <interpreter group> (and -l, -g, -u, unused here).
while getopts "d:c:p:r:i:l:g:u:" o; do
  case "$o" in
    d) DIR="$OPTARG" ;; c) CB_HOST="$OPTARG" ;; p) CB_PORT="$OPTARG" ;; r) RANGE="$OPTARG" ;;
    i) GROUP="$OPTARG" ;; *) ;;
  esac
done
HOME_DIR="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec >> "$HOME_DIR/logs/interpreter-$GROUP.log" 2>&1
exec "$JAVA" -cp "$DIR/*:$HOME_DIR/lib/interpreter/*:$HOME_DIR/interpreter/zeppelin-interpreter-shaded-0.10.1.jar" \
  org.apache.zeppelin.interpreter.remote.RemoteInterpreterServer "$CB_HOST" "$CB_PORT" "$GROUP" "${RANGE:-:}"
