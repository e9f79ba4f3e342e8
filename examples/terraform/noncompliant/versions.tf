terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# A second region for the backup copy: outside the allowed regions.
provider "aws" {
  alias  = "apac"
  region = "ap-southeast-1"
}
