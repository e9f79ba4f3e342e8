# examples/fix/main.tf after `govern fix --write`: the ten settings govern
# places itself. plan.json is the plan Terraform 1.9 (AWS provider 5.x) makes
# for it, written by hand in the format of `terraform show -json`. The three
# S3 companion resources that fix lists to add by hand are left out, so their
# findings remain.

terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      owner       = "team-platform"
      cost-center = "CC-4711"
      environment = "prod"
    }
  }
}

resource "aws_instance" "web" {
  ami           = "ami-0c38b837cd80f13bb"
  instance_type = "t3.micro"
  monitoring    = true

  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 20
  type              = "gp3"
  encrypted         = true
}

resource "aws_kms_key" "app" {
  description             = "application data"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  db_name                     = "orders"
  username                    = "orders"
  manage_master_user_password = true
  backup_retention_period     = 7
  final_snapshot_identifier   = "orders-final"
  storage_encrypted           = true

  deletion_protection                 = true
  multi_az                            = true
  iam_database_authentication_enabled = true
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  deletion_protection_enabled = true

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-fix-example-logs"
}
