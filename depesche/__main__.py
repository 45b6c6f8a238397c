from depesche.cli.app import main

main()
