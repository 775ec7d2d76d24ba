from ikz.cli import main

main()
