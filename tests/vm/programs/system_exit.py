import sys
print("exiting", sys.argv[1:])
sys.exit(3)
