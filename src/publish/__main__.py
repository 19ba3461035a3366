"""`python -m publish`: the `publish` command."""

from publish.launch import main

if __name__ == "__main__":
    main()
