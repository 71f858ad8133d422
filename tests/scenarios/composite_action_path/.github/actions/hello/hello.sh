echo "hello.sh found through the $1"
