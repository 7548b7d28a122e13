import sys,json; open(sys.argv[2],"w").write("{}")
